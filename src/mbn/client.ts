import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { toInput } from "../model/contact.js";
import type { Contact, ContactInput } from "../model/contact.js";
import { ConfigError, UnavailableError } from "../model/errors.js";
import {
  ChangesPageSchema,
  ContactInputSchema,
  ContactPageSchema,
  ContactSchema,
  ifMatchHeader,
  query,
  renewableTokenCodes,
  routes,
  TombstoneSchema,
  UserInfoSchema,
} from "./contract.js";
import { isConflict, MbnApiError } from "./errors.js";
import { TokenSource } from "./token.js";
import { Transport } from "./transport.js";
import type { RawResponse } from "./transport.js";
import type { MbnClient, MbnClientOptions, MbnEvent, Tombstone, UserInfo } from "./types.js";
import { apiError, errorCode, parseAnswer } from "./wire.js";

interface Call {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  params?: Record<string, string | undefined>;
  body?: unknown;
  ifMatch?: number | undefined;
}

interface Outcome {
  res: RawResponse;
  /** An earlier attempt got no answer or a 5xx: a POST may have gone through. */
  retried: boolean;
}

// Items are parsed one by one so that a broken one is named by its index and field.
const ChangesEnvelopeSchema = ChangesPageSchema.extend({ changes: z.array(z.unknown()) });

export function createMbnClient(options: MbnClientOptions): MbnClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const origin = urlOrigin(options.baseUrl, "mbn.baseUrl");
  const tokenUrl = options.tokenUrl ?? `${origin}${routes.tokenPath}`;
  urlOrigin(tokenUrl, "mbn.tokenUrl");
  const emit = (e: MbnEvent): void => options.onEvent?.(e);
  const transport = new Transport({
    concurrency: options.concurrency ?? 4,
    requestsPerSecond: options.requestsPerSecond ?? 10,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxAttempts: options.maxAttempts ?? 6,
    maxRetryTimeMs: options.maxRetryTimeMs ?? 120_000,
    caFile: options.caFile,
    random: options.random ?? Math.random,
    emit,
  });
  const tokens = new TokenSource(
    {
      tokenUrl,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      username: options.username,
      password: options.password,
    },
    transport,
    emit,
  );

  async function call(c: Call): Promise<Outcome> {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(c.params ?? {})) if (v !== undefined) qs.set(k, v);
    const path = qs.size > 0 ? `${c.path}?${qs.toString()}` : c.path;
    const body = c.body === undefined ? undefined : JSON.stringify(c.body);
    let token = "";
    // Set by the callbacks below, read after the loop.
    const seen = { renewed: false, retried: false };
    const res = await transport.send(
      async () => {
        token = await tokens.get();
        const headers: Record<string, string> = {
          authorization: `Bearer ${token}`,
          accept: "application/json",
        };
        if (body !== undefined) headers["content-type"] = "application/json";
        if (c.ifMatch !== undefined) headers["if-match"] = ifMatchHeader(c.ifMatch);
        return {
          method: c.method,
          url: baseUrl + path,
          path,
          headers,
          ...(body === undefined ? {} : { body }),
        };
      },
      (r) => {
        if (r.status >= 500) seen.retried = true;
        if (r.status !== 401 || seen.renewed) return "done";
        const code = errorCode(r);
        if (code === undefined || !renewableTokenCodes.includes(code)) return "done";
        // One fresh token per call: a token refused twice means the credentials lost their rights.
        seen.renewed = true;
        tokens.reject(token);
        return "again";
      },
      () => {
        seen.retried = true;
      },
    );
    if (res.status === 401) {
      const why = seen.renewed ? "even after a fresh one" : `(code ${errorCode(res) ?? "none"})`;
      throw new UnavailableError(
        `MBN refused the access token for ${c.method} ${c.path} ${why}: ${apiError(res, c).apiMessage}; ` +
          "check that the API user still has its role in Min Bedrift.",
      );
    }
    return { res, retried: seen.retried };
  }

  async function json<S extends z.ZodType>(c: Call, ok: number, schema: S): Promise<z.output<S>> {
    const { res } = await call(c);
    if (res.status !== ok) throw apiError(res, c);
    return parseAnswer(res, schema, c);
  }

  let enterprise: Promise<string> | undefined = options.enterpriseId
    ? Promise.resolve(options.enterpriseId)
    : undefined;
  const userInfo = (): Promise<UserInfo> =>
    json({ method: "GET", path: routes.userInfo() }, 200, UserInfoSchema);
  const enterpriseId = (): Promise<string> => {
    enterprise ??= userInfo().then(
      (u) => u.enterpriseId,
      (err: unknown) => {
        enterprise = undefined;
        throw err;
      },
    );
    return enterprise;
  };
  async function getContact(id: string): Promise<Contact | null> {
    const c: Call = { method: "GET", path: routes.contact(await enterpriseId(), id) };
    const { res } = await call(c);
    if (res.status === 404) return null;
    if (res.status !== 200) throw apiError(res, c);
    return parseAnswer(res, ContactSchema, c);
  }
  // Only contract fields go out, whatever the caller hands in (e.g. a whole stored Contact).
  const wireInput = (input: ContactInput): ContactInput => {
    const parsed = ContactInputSchema.safeParse(input);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new MbnApiError({
      method: "",
      path: "(contact input)",
      status: 0,
      message: `not sent: field "${issue?.path.map(String).join(".") ?? ""}": ${issue?.message ?? "invalid"}`,
    });
  };

  return {
    baseUrl,
    userInfo,
    enterpriseId,

    async listContacts() {
      const path = routes.contacts(await enterpriseId());
      const all: Contact[] = [];
      let cursor: string | undefined;
      do {
        const page = await json(
          { method: "GET", path, params: { [query.cursor]: cursor, [query.limit]: String(query.maxLimit) } },
          200,
          ContactPageSchema,
        );
        all.push(...page.contacts);
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      return all;
    },

    async listChanges(since) {
      const path = routes.changes(await enterpriseId());
      const changes: (Contact | Tombstone)[] = [];
      let cursor: string | undefined;
      let serverTime: string;
      do {
        const c: Call = {
          method: "GET",
          path,
          params: { [query.since]: since, [query.cursor]: cursor, [query.limit]: String(query.maxLimit) },
        };
        const page = await json(c, 200, ChangesEnvelopeSchema);
        changes.push(...page.changes.map((item, i) => parseChange(item, i, c)));
        serverTime = page.serverTime;
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      return { changes, serverTime };
    },

    getContact,

    async createContact(input) {
      const c: Call = { method: "POST", path: routes.contacts(await enterpriseId()), body: wireInput(input) };
      const { res, retried } = await call(c);
      if (res.status === 201 || res.status === 200) return parseAnswer(res, ContactSchema, c);
      const err = apiError(res, c);
      // A lost answer may have hidden our own create: the 409 names it; if it holds exactly what
      // we sent, it is ours.
      if (retried && isConflict(err) && err.existingId !== undefined) {
        const existing = await getContact(err.existingId);
        if (existing && isDeepStrictEqual(toInput(existing), wireInput(input))) return existing;
      }
      throw err;
    },

    async updateContact(id, input, ifMatchVersion) {
      const c: Call = {
        method: "PUT",
        path: routes.contact(await enterpriseId(), id),
        body: wireInput(input),
        ifMatch: ifMatchVersion,
      };
      return json(c, 200, ContactSchema);
    },

    async deleteContact(id, ifMatchVersion) {
      const c: Call = {
        method: "DELETE",
        path: routes.contact(await enterpriseId(), id),
        ifMatch: ifMatchVersion,
      };
      const { res } = await call(c);
      if (res.status !== 204 && res.status !== 200) throw apiError(res, c);
    },

    stats: () => ({ ...transport.counters }),
    close: () => transport.close(),
  };
}

function parseChange(item: unknown, index: number, at: Call): Contact | Tombstone {
  const isTomb =
    typeof item === "object" && item !== null && (item as { deleted?: unknown }).deleted === true;
  const parsed = (isTomb ? TombstoneSchema : ContactSchema).safeParse(item);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = ["changes", index, ...(issue?.path ?? [])].map(String).join(".");
  throw new MbnApiError({
    method: at.method,
    path: at.path,
    status: 200,
    message: `malformed answer, field "${field}": ${issue?.message ?? "does not match the contract"}`,
  });
}

function urlOrigin(url: string, key: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === "https:" || parsed.protocol === "http:") return parsed.origin;
  } catch {
    // reported below
  }
  throw new ConfigError(undefined, [
    { key, message: `"${url}" is not an http(s) URL; give e.g. https://api.example/mbn` },
  ]);
}
