import type { Config } from "../config/index.js";
import { createMbnClient, type MbnClient, type MbnClientOptions } from "../mbn/index.js";
import type { EventSink } from "./events.js";

/**
 * Where and as whom the configuration reaches MBN, and how fast: the options the client and the contract
 * probe (`check --contract`) share.
 */
export function mbnConnection(mbn: Config["mbn"]): MbnClientOptions {
  return {
    baseUrl: mbn.baseUrl,
    ...(mbn.tokenUrl ? { tokenUrl: mbn.tokenUrl } : {}),
    clientId: mbn.clientId,
    clientSecret: mbn.clientSecret,
    username: mbn.username,
    password: mbn.password,
    ...(mbn.enterpriseId ? { enterpriseId: mbn.enterpriseId } : {}),
    requestsPerSecond: mbn.requestsPerSecond,
    timeoutMs: mbn.timeoutMs,
    ...(mbn.caFile ? { caFile: mbn.caFile } : {}),
  };
}

/** The MBN client the configuration describes; `overrides` adjust it for a purpose (e.g. `check` gives up sooner). */
export function createClient(
  mbn: Config["mbn"],
  onEvent: EventSink,
  overrides: Partial<MbnClientOptions> = {},
): MbnClient {
  return createMbnClient({
    ...mbnConnection(mbn),
    concurrency: mbn.concurrency,
    ...overrides,
    // An override watches the client's events as well; the debug lines (`--verbose`) are kept.
    onEvent: (e) => {
      overrides.onEvent?.(e);
      onEvent({ type: "log", level: "debug", message: describeMbnEvent(e) });
    },
  });
}

function describeMbnEvent(e: unknown): string {
  if (e && typeof e === "object" && "message" in e && typeof e.message === "string") return e.message;
  return JSON.stringify(e);
}
