/**
 * `check --contract`: read-only requests to MBN whose answers are checked against src/mbn/openapi.yaml,
 * so that the first run against the real API names where it differs from the contract the tool was
 * built on. Nothing is written: a token, userInfo (and once with a token MBN never issued), the
 * enterprise, one page of contacts, one page of the changes feed, and a contact id that does not exist.
 */
import { urlOrigin } from "./client.js";
import { realClock } from "./clock.js";
import { errorCodes, query, routes } from "./contract.js";
import { notProbed, probeStep, type ProbeStep, type StepRequest } from "./contract-probe-step.js";
import type { OpenApiContract } from "./openapi-contract.js";
import { Transport, type RawRequest } from "./transport.js";
import type { MbnClientOptions } from "./types.js";

export type { ProbeOutcome, ProbeStep } from "./contract-probe-step.js";

export interface ContractProbe {
  /** The document the answers were checked against: its title and version. */
  document: string;
  baseUrl: string;
  tokenUrl: string;
  steps: ProbeStep[];
}

export interface ContractProbeOptions extends MbnClientOptions {
  /** The OpenAPI document; default the one the package ships. For tests. */
  openApiFile?: string;
  /** The client's clock, for the changes feed's `since` (a day back). */
  now?: () => Date;
}

/** The id asked for to see MBN's 404: no contact id MBN assigns looks like it. */
export const MISSING_CONTACT_ID = "mbn-ad-sync-contract-probe-no-such-contact";

const field = (json: unknown, name: string): string | undefined => {
  const value =
    json !== null && typeof json === "object" ? (json as Record<string, unknown>)[name] : undefined;
  return typeof value === "string" ? value : undefined;
};
const count = (json: unknown, name: string): number | undefined => {
  const value =
    json !== null && typeof json === "object" ? (json as Record<string, unknown>)[name] : undefined;
  return Array.isArray(value) ? value.length : undefined;
};

export async function probeContract(options: ContractProbeOptions): Promise<ContractProbe> {
  // Loaded here, by `check --contract` only: its JSON Schema validator (ajv) is not needed by a sync.
  const { loadOpenApiContract } = await import("./openapi-contract.js");
  const contract = loadOpenApiContract(options.openApiFile);
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const tokenUrl = options.tokenUrl ?? `${urlOrigin(options.baseUrl, "mbn.baseUrl")}${routes.tokenPath}`;
  urlOrigin(tokenUrl, "mbn.tokenUrl");
  const transport = new Transport({
    concurrency: 1,
    requestsPerSecond: options.requestsPerSecond ?? 10,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxAttempts: options.maxAttempts ?? 3,
    maxRetryTimeMs: options.maxRetryTimeMs ?? 20_000,
    caFile: options.caFile,
    random: options.random ?? Math.random,
    clock: options.clock ?? realClock,
    emit: (e) => options.onEvent?.(e),
  });
  try {
    const steps = await runSteps(contract, transport, { ...options, baseUrl, tokenUrl });
    return { document: contract.title, baseUrl, tokenUrl, steps };
  } finally {
    await transport.close();
  }
}

interface Probe {
  contract: OpenApiContract;
  transport: Transport;
  steps: ProbeStep[];
}

/** Sends one step and records it; the JSON of an answer with the expected status, or undefined. */
async function run(p: Probe, s: StepRequest): Promise<unknown> {
  const { step, json } = await probeStep(p.contract, p.transport, s);
  p.steps.push(step);
  return json;
}

function skip(p: Probe, s: Omit<StepRequest, "request">, why: string): void {
  p.steps.push(notProbed(p.contract, s, why));
}

function tokenRequest(o: ContractProbeOptions & { tokenUrl: string }): RawRequest {
  const basic = Buffer.from(`${o.clientId}:${o.clientSecret}`, "utf8").toString("base64");
  return {
    method: "POST",
    url: o.tokenUrl,
    path: new URL(o.tokenUrl).pathname,
    headers: {
      authorization: `Basic ${basic}`,
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    },
    body: new URLSearchParams({
      grant_type: "password",
      username: o.username,
      password: o.password,
    }).toString(),
  };
}

function catalogRequest(
  baseUrl: string,
  token: string,
  path: string,
  params: Record<string, string> = {},
): RawRequest {
  const qs = new URLSearchParams(params).toString();
  const full = qs === "" ? path : `${path}?${qs}`;
  return {
    method: "GET",
    url: baseUrl + full,
    path: full,
    headers: { authorization: `Bearer ${token}`, accept: "application/json" },
  };
}

const TOKEN = { operationId: "getToken", purpose: "a token (password grant)", expectedStatus: 200 };
const BAD_TOKEN = {
  operationId: "getUserInfo",
  purpose: "userInfo with a token MBN never issued",
  expectedStatus: 401,
  expectedCode: errorCodes.invalidToken,
  refusals: [],
};
const USER_INFO = { operationId: "getUserInfo", purpose: "the API user", expectedStatus: 200 };
const ENTERPRISE = {
  operationId: "getEnterpriseOfGroup",
  purpose: "the API user's enterprise",
  expectedStatus: 200,
};
const CONTACTS = { operationId: "listContacts", purpose: "one page of contacts", expectedStatus: 200 };
const CHANGES = {
  operationId: "listChanges",
  purpose: "one page of the changes of the last day",
  expectedStatus: 200,
};
const MISSING = {
  operationId: "getContact",
  purpose: "a contact id that does not exist",
  expectedStatus: 404,
  expectedCode: errorCodes.notFound,
};

async function runSteps(
  contract: OpenApiContract,
  transport: Transport,
  o: ContractProbeOptions & { baseUrl: string; tokenUrl: string },
): Promise<ProbeStep[]> {
  const p: Probe = { contract, transport, steps: [] };
  const catalog = [BAD_TOKEN, USER_INFO, ENTERPRISE, CONTACTS, CHANGES, MISSING];
  const token = field(await run(p, { ...TOKEN, request: tokenRequest(o) }), "access_token");
  if (token === undefined) {
    for (const s of catalog) skip(p, s, "not probed: needs a token");
    return p.steps;
  }
  const get = (path: string, params?: Record<string, string>): RawRequest =>
    catalogRequest(o.baseUrl, token, path, params);
  // A token of the same shape that MBN never issued: the 401 and code that make the client renew.
  await run(p, {
    ...BAD_TOKEN,
    request: catalogRequest(o.baseUrl, `${token}-not-issued`, routes.userInfo()),
  });
  const info = await run(p, { ...USER_INFO, request: get(routes.userInfo()) });
  const groupId = field(info, "groupId");
  if (groupId === undefined) skip(p, ENTERPRISE, "not probed: needs the groupId of userInfo");
  else await run(p, { ...ENTERPRISE, request: get(routes.enterpriseOfGroup(groupId)) });

  const enterpriseId = o.enterpriseId ?? field(info, "enterpriseId");
  if (enterpriseId === undefined) {
    for (const s of [CONTACTS, CHANGES, MISSING])
      skip(p, s, "not probed: needs the enterpriseId of userInfo");
    return p.steps;
  }
  const contacts = await run(p, {
    ...CONTACTS,
    request: get(routes.contacts(enterpriseId), { [query.limit]: "100" }),
  });
  describe(p, count(contacts, "contacts"), "contacts on the page");
  const since = new Date((o.now ?? (() => new Date()))().getTime() - 86_400_000).toISOString();
  const changes = await run(p, {
    ...CHANGES,
    request: get(routes.changes(enterpriseId), { [query.since]: since, [query.limit]: "100" }),
  });
  describe(p, count(changes, "changes"), `changes since ${since}`);
  await run(p, { ...MISSING, request: get(routes.contact(enterpriseId, MISSING_CONTACT_ID)) });
  return p.steps;
}

/** Adds what a matching page held to the last step's detail. */
function describe(p: Probe, n: number | undefined, what: string): void {
  const last = p.steps.at(-1);
  if (last && n !== undefined) last.detail += `, ${n} ${what}`;
}
