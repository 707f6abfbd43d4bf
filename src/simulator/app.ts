import type { IncomingMessage } from "node:http";
import type { Authority, Session } from "./auth.js";
import type { FaultInjector } from "./faults.js";
import { ApiError } from "./http.js";
import type { ResolvedOptions } from "./options.js";
import type { ContactStore } from "./store.js";

/** What every handler works with. */
export interface App {
  options: ResolvedOptions;
  store: ContactStore;
  authority: Authority;
  faults: FaultInjector;
}

/** One request as the router hands it over: the path parameters are already decoded. */
export interface Call {
  req: IncomingMessage;
  url: URL;
  params: string[];
}

export type Reply =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  /** Do the work, then drop the connection without answering (lostPostRate). */
  | { status: number; lost: true };

/** Authenticates the call and checks the path's enterpriseId belongs to the token's user (403 40301). */
export function enterpriseOf(app: App, call: Call): { session: Session; enterpriseId: string } {
  const session = app.authority.authenticate(call.req.headers.authorization);
  const enterpriseId = call.params[0] ?? "";
  const known = app.options.enterprises.some((e) => e.enterpriseId === enterpriseId);
  if (!known || session.user.enterpriseId !== enterpriseId) {
    throw new ApiError(403, 40301, `No access to enterprise ${enterpriseId}`);
  }
  return { session, enterpriseId };
}
