import { afterAll, beforeAll } from "vitest";
import { emptyContactInput, type Contact, type ContactInput } from "../../../src/model/contact.js";
import { startSimulator, type Change, type RunningSimulator } from "../../../src/simulator/index.js";

export const ENTERPRISE = "/catalog/enterprises/E1001";

export interface ErrorBody {
  code: number;
  message: string;
  errors?: { field: string; message: string }[];
  existingId?: string;
}
export interface TokenBody {
  access_token: string;
  token_type: string;
  expires_in: number;
}
export interface ListBody {
  contacts: Contact[];
  nextCursor: string | null;
}
export interface ChangesBody {
  changes: Change[];
  nextCursor: string | null;
  serverTime: string;
}

/** An answer; the body is parsed JSON of the type the test expects (the text when it is not JSON). */
export interface Answer<T = ErrorBody> {
  status: number;
  headers: Headers;
  body: T;
}

export function basic(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`;
}

export async function requestToken(
  sim: RunningSimulator,
  {
    clientId = "demo-client",
    clientSecret = "demo-secret",
    username = "api-user-1",
    password = "demo-password",
  } = {},
): Promise<Answer<TokenBody & ErrorBody>> {
  const res = await fetch(`${sim.url}/oauth/v2/token`, {
    method: "POST",
    headers: {
      authorization: basic(clientId, clientSecret),
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ grant_type: "password", username, password }).toString(),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as TokenBody & ErrorBody };
}

export async function getToken(sim: RunningSimulator): Promise<string> {
  const answer = await requestToken(sim);
  if (answer.status !== 200) throw new Error(`token grant answered ${answer.status}`);
  return answer.body.access_token;
}

/** One call with the bearer token; the body is parsed as JSON when there is one. */
export async function call<T = ErrorBody>(
  sim: RunningSimulator,
  token: string | undefined,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${sim.url}${path}`, { method, headers, body });
  const text = await res.text();
  const isJson = res.headers.get("content-type")?.includes("application/json") ?? false;
  return { status: res.status, headers: res.headers, body: (isJson ? JSON.parse(text) : text) as T };
}

/** A contact input for Kari Nordmann, with `overrides`. */
export function kari(overrides: Partial<ContactInput> = {}): ContactInput {
  return { ...emptyContactInput(), firstName: "Kari", lastName: "Nordmann", ...overrides };
}

/** Starts one simulator for the test file and signs in; read `sim` and `token` inside the tests. */
export function useSimulator(): { readonly sim: RunningSimulator; readonly token: string } {
  const held: { sim?: RunningSimulator; token?: string } = {};
  beforeAll(async () => {
    held.sim = await startSimulator();
    held.token = await getToken(held.sim);
  });
  afterAll(async () => {
    await held.sim?.close();
  });
  return {
    get sim() {
      if (!held.sim) throw new Error("the simulator starts in beforeAll");
      return held.sim;
    },
    get token() {
      return held.token ?? "";
    },
  };
}
