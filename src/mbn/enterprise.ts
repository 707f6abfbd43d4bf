import { ExitCode } from "../model/exit-code.js";
import type { AuthenticatedCalls, Call, Refusal } from "./authenticated-call.js";
import { routes, UserInfoSchema } from "./contract.js";
import { isNotFound, MbnApiError } from "./errors.js";
import type { RawResponse } from "./transport.js";
import type { UserInfo } from "./types.js";
import { apiError } from "./wire.js";

/** "/catalog/enterprises/": the paths of one enterprise's calls start so. */
const ENTERPRISES = routes.contacts("x").replace(/x\/contacts$/, "");
const ROOT = "It must be the root of the MBN API from the partner agreement: the tool adds catalog/… to it.";

export interface EnterpriseLookup {
  userInfo: () => Promise<UserInfo>;
  /** The configured id, else the API user's from userInfo, read once and cached. */
  enterpriseId: () => Promise<string>;
}

/**
 * `baseUrl` is named when catalog/userInfo is not found: then the base URL is not the API root
 * (a 404 there has no other cause in the contract), a configuration problem (78).
 */
export function enterpriseLookup(
  calls: AuthenticatedCalls,
  configured: string | undefined,
  baseUrl: string,
): EnterpriseLookup {
  let enterprise: Promise<string> | undefined = configured ? Promise.resolve(configured) : undefined;
  const userInfo = async (): Promise<UserInfo> => {
    try {
      return await calls.json({ method: "GET", path: routes.userInfo() }, 200, UserInfoSchema);
    } catch (error) {
      if (!isNotFound(error)) throw error;
      throw withHint(error, ExitCode.config, `mbn.baseUrl: ${baseUrl} has no catalog/userInfo. ${ROOT}`);
    }
  };
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

/**
 * A 403 under catalog/enterprises/{id} refuses the enterprise, whatever the call: no caller
 * recovers from it. With mbn.enterpriseId set, that value is the cause (78, naming the key);
 * without it the enterprise came from catalog/userInfo, and MBN refuses the API user its own (69).
 */
export function enterpriseRefusal(configured: string | undefined, username: string): Refusal {
  return (res: RawResponse, c: Call) => {
    if (res.status !== 403 || !c.path.startsWith(ENTERPRISES)) return undefined;
    const error = apiError(res, c);
    if (configured !== undefined) {
      return withHint(
        error,
        ExitCode.config,
        `mbn.enterpriseId: the API user "${username}" may not manage enterprise ${configured}. Leave ` +
          "mbn.enterpriseId out to manage the API user's own enterprise (catalog/userInfo names it), " +
          "or have the API user given access to this one.",
      );
    }
    return withHint(
      error,
      ExitCode.unavailable,
      `MBN refuses the API user "${username}" its own enterprise (from catalog/userInfo): check the ` +
        "API user's role in Min Bedrift.",
    );
  };
}

function withHint(error: MbnApiError, exitCode: ExitCode, hint: string): MbnApiError {
  return new MbnApiError(
    {
      status: error.status,
      code: error.code,
      message: error.apiMessage,
      fieldErrors: error.fieldErrors,
      existingId: error.existingId,
      method: error.method,
      path: error.path,
      exitCode,
      hint,
    },
    { cause: error },
  );
}
