import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Contact, ContactInput } from "../../../src/model/contact.js";
import { emptyContactInput } from "../../../src/model/contact.js";
import { startSimulator, type RunningSimulator } from "../../../src/simulator/index.js";
import { loadOpenApiValidator, type RecordedAnswer } from "../../helpers/openapi-validator.js";

const validator = loadOpenApiValidator();
const ENTERPRISE = "/catalog/enterprises/E1001";
const CONTACTS = `${ENTERPRISE}/contacts`;

let sim: RunningSimulator;
let token: string;

interface Sent extends RecordedAnswer {
  method: string;
  path: string;
  json: unknown;
}

/** One real request to the simulator, recorded for the validator. */
async function send(
  method: string,
  path: string,
  options: { body?: string; headers?: Record<string, string>; auth?: string | null } = {},
): Promise<Sent> {
  const headers: Record<string, string> = { ...options.headers };
  const auth = options.auth === undefined ? `Bearer ${token}` : options.auth;
  if (auth !== null) headers.authorization = auth;
  if (options.body !== undefined) headers["content-type"] ??= "application/json";
  const res = await fetch(`${sim.url}${path}`, { method, headers, body: options.body ?? null });
  const text = await res.text();
  const isJson = res.headers.get("content-type")?.startsWith("application/json") ?? false;
  return {
    method,
    path,
    status: res.status,
    headers: res.headers,
    text,
    json: isJson ? (JSON.parse(text) as unknown) : undefined,
  };
}

/** The answer has the expected status and conforms to the document for it. */
function expectConforms(answer: Sent, status: number): void {
  expect(answer.status, answer.text).toBe(status);
  expect(validator.check(answer.method, answer.path, answer)).toEqual([]);
}

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

function tokenRequest(clientSecret: string, password: string): Promise<Sent> {
  return send("POST", "/oauth/v2/token", {
    auth: basic("demo-client", clientSecret),
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "password", username: "api-user-1", password }).toString(),
  });
}

let serial = 0;
function input(overrides: Partial<ContactInput> = {}): ContactInput {
  serial++;
  return {
    ...emptyContactInput(),
    externalId: `ad:conformance-${serial}`,
    firstName: "Kari",
    lastName: `Nordmann ${serial}`,
    displayName: `Kari Nordmann ${serial}`,
    email: `kari${serial}@eksempel.no`,
    phoneNumbers: [{ type: "mobile", number: "+4791234567" }],
    address: { street: "Storgata 1", postalCode: "0155", city: "Oslo", country: "NO" },
    ...overrides,
  };
}

async function created(overrides: Partial<ContactInput> = {}): Promise<Contact> {
  const answer = await send("POST", CONTACTS, { body: JSON.stringify(input(overrides)) });
  expectConforms(answer, 201);
  return answer.json as Contact;
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  const answer = await tokenRequest("demo-secret", "demo-password");
  token = (answer.json as { access_token: string }).access_token;
});

afterAll(async () => {
  await sim.close();
});

beforeEach(() => {
  sim.setFaults(undefined);
});

describe("the validator itself", () => {
  it("refuses an undocumented status, path and method", () => {
    const headers = new Headers({ "content-type": "application/json" });
    const text = JSON.stringify({ code: 41801, message: "teapot" });
    expect(validator.check("GET", "/catalog/userInfo", { status: 418, headers, text })[0]).toContain(
      "status 418 is not documented",
    );
    expect(validator.check("GET", "/catalog/nothing", { status: 200, headers, text })[0]).toContain(
      "path is not in the document",
    );
    expect(validator.check("PATCH", CONTACTS, { status: 200, headers, text })[0]).toContain(
      "PATCH is not documented",
    );
  });

  it("refuses a body that breaks its schema, and a body where none is documented", () => {
    const headers = new Headers({ "content-type": "application/json" });
    const broken = JSON.stringify({ username: "api-user-1", enterpriseId: "E1001", groupId: 7 });
    expect(validator.check("GET", "/catalog/userInfo", { status: 200, headers, text: broken })).toEqual([
      "GET /catalog/userInfo 200: body / must have required property 'role'",
      "GET /catalog/userInfo 200: body /groupId must be string",
    ]);
    expect(validator.check("DELETE", `${CONTACTS}/C1`, { status: 204, headers, text: "{}" })).toEqual([
      `DELETE ${CONTACTS}/C1 204: documented without a body, but one was sent`,
    ]);
  });
});

describe("the simulator's answers conform to src/mbn/openapi.yaml", () => {
  it("token: 200, 401 for a bad client secret, 400 for a bad user password", async () => {
    expectConforms(await tokenRequest("demo-secret", "demo-password"), 200);
    expectConforms(await tokenRequest("wrong-secret", "demo-password"), 401);
    expectConforms(await tokenRequest("demo-secret", "wrong-password"), 400);
  });

  it("userInfo 200, and 401 without a token", async () => {
    expectConforms(await send("GET", "/catalog/userInfo"), 200);
    expectConforms(await send("GET", "/catalog/userInfo", { auth: null }), 401);
  });

  it("enterprise of a group: 200 and 404", async () => {
    expectConforms(await send("GET", "/catalog/groups/G2001/enterprise"), 200);
    expectConforms(await send("GET", "/catalog/groups/G9999/enterprise"), 404);
  });

  it("contacts list: a page with a cursor, the last page, 400 for a bad limit, 403 for a foreign enterprise", async () => {
    await created();
    await created();
    const first = await send("GET", `${CONTACTS}?limit=1`);
    expectConforms(first, 200);
    const cursor = (first.json as { nextCursor: string | null }).nextCursor;
    expect(cursor).not.toBeNull();
    expectConforms(
      await send("GET", `${CONTACTS}?limit=1000&cursor=${encodeURIComponent(cursor ?? "")}`),
      200,
    );
    expectConforms(await send("GET", `${CONTACTS}?limit=0`), 400);
    expectConforms(await send("GET", "/catalog/enterprises/E9999/contacts"), 403);
  });

  it("changes feed: a page holding a contact and a tombstone, 410 past retention, 400 for a bad since", async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const kept = await created();
    const gone = await created();
    expectConforms(await send("DELETE", `${CONTACTS}/${gone.id}`), 204);
    const page = await send("GET", `${CONTACTS}/changes?since=${encodeURIComponent(since)}`);
    expectConforms(page, 200);
    const changes = (page.json as { changes: { id: string; deleted?: boolean }[] }).changes;
    expect(changes.find((c) => c.id === gone.id)?.deleted).toBe(true);
    expect(changes.some((c) => c.id === kept.id && c.deleted === undefined)).toBe(true);

    expectConforms(await send("GET", `${CONTACTS}/changes?since=2000-01-01T00:00:00.000Z`), 410);
    expectConforms(await send("GET", `${CONTACTS}/changes?since=yesterday`), 400);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expectConforms(await send("GET", `${CONTACTS}/changes?since=${encodeURIComponent(future)}`), 400);
  });

  it("get: 200 and 404", async () => {
    const contact = await created();
    expectConforms(await send("GET", `${CONTACTS}/${contact.id}`), 200);
    expectConforms(await send("GET", `${CONTACTS}/no-such-contact`), 404);
  });

  it("create: 201, 400 with field errors, 409 with existingId, 413 for a body over 64 KiB", async () => {
    const contact = await created({ externalId: "ad:conformance-duplicate" });
    const invalid = await send("POST", CONTACTS, {
      body: JSON.stringify(
        input({ email: "x".repeat(300), phoneNumbers: [{ type: "mobile", number: "12" }] }),
      ),
    });
    expectConforms(invalid, 400);
    expect((invalid.json as { errors?: unknown[] }).errors?.length).toBeGreaterThan(0);

    const duplicate = await send("POST", CONTACTS, {
      body: JSON.stringify(input({ externalId: "ad:conformance-duplicate" })),
    });
    expectConforms(duplicate, 409);
    expect((duplicate.json as { existingId: string }).existingId).toBe(contact.id);

    const huge = await send("POST", CONTACTS, {
      body: JSON.stringify(input({ notes: "x".repeat(70 * 1024) })),
    });
    expectConforms(huge, 413);
  });

  it("update: 200, 412 for a stale If-Match, 404 for a missing contact", async () => {
    const contact = await created();
    const body = JSON.stringify(input({ externalId: contact.externalId, title: "Rådgiver" }));
    const updated = await send("PUT", `${CONTACTS}/${contact.id}`, { body, headers: { "if-match": '"1"' } });
    expectConforms(updated, 200);
    expect((updated.json as Contact).version).toBe(2);
    expectConforms(
      await send("PUT", `${CONTACTS}/${contact.id}`, { body, headers: { "if-match": '"1"' } }),
      412,
    );
    expectConforms(await send("PUT", `${CONTACTS}/no-such-contact`, { body }), 404);
  });

  it("delete: 204 with no body, 412 for a stale If-Match, then 404", async () => {
    const contact = await created();
    expectConforms(
      await send("DELETE", `${CONTACTS}/${contact.id}`, { headers: { "if-match": '"7"' } }),
      412,
    );
    const deleted = await send("DELETE", `${CONTACTS}/${contact.id}`, { headers: { "if-match": '"1"' } });
    expectConforms(deleted, 204);
    expect(deleted.text).toBe("");
    expectConforms(await send("DELETE", `${CONTACTS}/${contact.id}`), 404);
  });

  it("429 with an integer Retry-After when the spike arrest trips", async () => {
    sim.setFaults({ rateLimit: { requestsPerSecond: 1, burst: 2 } });
    const answers: Sent[] = [];
    for (let i = 0; i < 4; i++) answers.push(await send("GET", "/catalog/userInfo"));
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    for (const answer of limited) {
      expectConforms(answer, 429);
      expect(answer.headers.get("retry-after")).toMatch(/^\d+$/);
    }
  });

  it("503 with an HTML body, as a proxy sends it", async () => {
    sim.setFaults({ error503Rate: 1, seed: 1 });
    const answer = await send("GET", CONTACTS);
    expectConforms(answer, 503);
    expect(answer.headers.get("content-type")).toMatch(/^text\/html/);
  });
});
