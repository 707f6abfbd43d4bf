import type { z } from "zod";
import { UnavailableError } from "../model/errors.js";
import { ifMatchHeader, renewableTokenCodes } from "./contract.js";
import type { TokenSource } from "./token.js";
import type { RawRequest, RawResponse, Transport } from "./transport.js";
import { apiError, errorCode, parseAnswer } from "./wire.js";

/** One Catalog API call, before the base URL, the token and the headers are added. */
export interface Call {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  params?: Record<string, string | undefined>;
  body?: unknown;
  ifMatch?: number | undefined;
}

export interface AuthenticatedCalls {
  /** The answer, whatever its status; a token MBN keeps refusing is an UnavailableError. */
  send(c: Call): Promise<RawResponse>;
  /** The answer parsed against `schema` when its status is `ok`, else the MbnApiError it carries. */
  json<S extends z.ZodType>(c: Call, ok: number, schema: S): Promise<z.output<S>>;
}

/** An error for an answer that ends the call whoever made it (e.g. a refused enterprise), or undefined. */
export type Refusal = (res: RawResponse, c: Call) => Error | undefined;

/**
 * Catalog calls with a bearer token. A 401 whose code says the token is expired or invalid gets one
 * fresh token and one more send: the server may end a token before the client expected. That send
 * is a second try at the call, not a retry: it starts its own attempts and does not back off.
 */
export function authenticatedCalls(
  baseUrl: string,
  transport: Transport,
  tokens: TokenSource,
  refusal: Refusal = () => undefined,
): AuthenticatedCalls {
  async function send(c: Call): Promise<RawResponse> {
    const build = requestBuilder(baseUrl, c);
    let token = "";
    const withToken = async (): Promise<RawRequest> => {
      token = await tokens.get();
      return build(token);
    };
    const first = await transport.send(withToken);
    if (!renewable(first)) return unlessRefused(first, c, false, refusal);
    // One fresh token per call: a token refused twice means the credentials lost their rights.
    tokens.reject(token);
    return unlessRefused(await transport.send(withToken), c, true, refusal);
  }

  async function json<S extends z.ZodType>(c: Call, ok: number, schema: S): Promise<z.output<S>> {
    const res = await send(c);
    if (res.status !== ok) throw apiError(res, c);
    return parseAnswer(res, schema, c);
  }

  return { send, json };
}

function requestBuilder(baseUrl: string, c: Call): (token: string) => RawRequest {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(c.params ?? {})) if (v !== undefined) qs.set(k, v);
  const path = qs.size > 0 ? `${c.path}?${qs.toString()}` : c.path;
  const body = c.body === undefined ? undefined : JSON.stringify(c.body);
  return (token) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (c.ifMatch !== undefined) headers["if-match"] = ifMatchHeader(c.ifMatch);
    return { method: c.method, url: baseUrl + path, path, headers, ...(body === undefined ? {} : { body }) };
  };
}

function renewable(res: RawResponse): boolean {
  if (res.status !== 401) return false;
  const code = errorCode(res);
  return code !== undefined && renewableTokenCodes.includes(code);
}

function unlessRefused(res: RawResponse, c: Call, renewed: boolean, refusal: Refusal): RawResponse {
  if (res.status !== 401) {
    const refused = refusal(res, c);
    if (refused) throw refused;
    return res;
  }
  const why = renewed ? "even after a fresh one" : `(code ${errorCode(res) ?? "none"})`;
  throw new UnavailableError(
    `MBN refused the access token for ${c.method} ${c.path} ${why}: ${apiError(res, c).apiMessage}; ` +
      "check that the API user still has its role in Min Bedrift.",
  );
}
