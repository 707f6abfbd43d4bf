import { ConfigError } from "../model/errors.js";
import { authenticatedCalls } from "./authenticated-call.js";
import { realClock } from "./clock.js";
import { contactCalls } from "./contact-calls.js";
import { routes } from "./contract.js";
import { enterpriseLookup, enterpriseRefusal } from "./enterprise.js";
import { pagedListing } from "./paged-listing.js";
import { TokenSource } from "./token.js";
import { Transport } from "./transport.js";
import type { MbnClient, MbnClientOptions, MbnEvent } from "./types.js";

/** A Catalog API client: one transport (rate, concurrency, retries) and one token shared by all calls. */
export function createMbnClient(options: MbnClientOptions): MbnClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, "");
  const origin = urlOrigin(options.baseUrl, "mbn.baseUrl");
  const tokenUrl = options.tokenUrl ?? `${origin}${routes.tokenPath}`;
  urlOrigin(tokenUrl, "mbn.tokenUrl");
  const emit = (e: MbnEvent): void => options.onEvent?.(e);
  const clock = options.clock ?? realClock;
  const transport = new Transport({
    concurrency: options.concurrency ?? 4,
    requestsPerSecond: options.requestsPerSecond ?? 10,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxAttempts: options.maxAttempts ?? 6,
    maxRetryTimeMs: options.maxRetryTimeMs ?? 120_000,
    caFile: options.caFile,
    random: options.random ?? Math.random,
    clock,
    emit,
  });
  const { clientId, clientSecret, username, password } = options;
  const tokens = new TokenSource(
    { tokenUrl, clientId, clientSecret, username, password },
    transport,
    clock,
    emit,
  );
  const calls = authenticatedCalls(
    baseUrl,
    transport,
    tokens,
    enterpriseRefusal(options.enterpriseId, username),
  );
  const enterprise = enterpriseLookup(calls, options.enterpriseId, baseUrl);
  return {
    baseUrl,
    tokenUrl,
    ...enterprise,
    signIn: async () => {
      await tokens.get();
      return enterprise.enterpriseId();
    },
    ...pagedListing(calls, enterprise.enterpriseId),
    ...contactCalls(calls, enterprise.enterpriseId),
    stats: () => ({ ...transport.counters }),
    close: () => transport.close(),
  };
}

/** The origin of an http(s) URL; anything else is a configuration error naming `key`. */
export function urlOrigin(url: string, key: string): string {
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
