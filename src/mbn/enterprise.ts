import type { AuthenticatedCalls } from "./authenticated-call.js";
import { routes, UserInfoSchema } from "./contract.js";
import type { UserInfo } from "./types.js";

export interface EnterpriseLookup {
  userInfo: () => Promise<UserInfo>;
  /** The configured id, else the API user's from userInfo, read once and cached. */
  enterpriseId: () => Promise<string>;
}

export function enterpriseLookup(
  calls: AuthenticatedCalls,
  configured: string | undefined,
): EnterpriseLookup {
  let enterprise: Promise<string> | undefined = configured ? Promise.resolve(configured) : undefined;
  const userInfo = (): Promise<UserInfo> =>
    calls.json({ method: "GET", path: routes.userInfo() }, 200, UserInfoSchema);
  const enterpriseId = (): Promise<string> => {
    enterprise ??= userInfo().then(
      (u) => u.enterpriseId,
      (err: unknown) => {
        // A failed lookup is not cached: the next call asks again.
        enterprise = undefined;
        throw err;
      },
    );
    return enterprise;
  };
  return { userInfo, enterpriseId };
}
