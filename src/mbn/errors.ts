import { ExitCode, SyncError } from "../model/exit-code.js";

export interface FieldError {
  field: string;
  message: string;
}

export interface MbnApiErrorInit {
  status: number;
  /** The gateway's numeric code, when the body was the contract's JSON error. */
  code?: number | undefined;
  /** The server's message, or a description of a body that was not the contract's JSON. */
  message: string;
  fieldErrors?: FieldError[];
  existingId?: string | undefined;
  method: string;
  path: string;
  /** What the run ends with when this error escapes; by default statusExitCode(status). */
  exitCode?: ExitCode;
  /** What the operator should look at (a configuration key, MBN's side), added to the message. */
  hint?: string;
}

/**
 * The exit code of an MBN answer that is not success, when nothing recovers from it: MBN refused or
 * could not serve the request (69), whatever the status, 4xx or 5xx, or a body outside the contract.
 * The one exception is status 0, an input the client refused to send because it breaks the
 * contract: a bug of the tool (1). Where a configured value causes a refusal (mbn.enterpriseId,
 * mbn.baseUrl) the client says so with 78 (enterprise.ts). A write's refusal (400, 409, 412, 413 …)
 * never gets here: the write stage reports it as that contact's failure (exit 4).
 */
export function statusExitCode(status: number): ExitCode {
  return status === 0 ? ExitCode.internal : ExitCode.unavailable;
}

/**
 * MBN answered, but not with success (or with a body that breaks the contract). The engine decides
 * whether a 409 or 412 is a conflict to recover, a failed write to report, or the end of the run.
 */
export class MbnApiError extends SyncError {
  readonly status: number;
  readonly code: number | undefined;
  readonly apiMessage: string;
  readonly fieldErrors: FieldError[];
  readonly existingId: string | undefined;
  readonly method: string;
  readonly path: string;

  constructor(init: MbnApiErrorInit, options?: ErrorOptions) {
    const code = init.code !== undefined ? ` code ${init.code}` : "";
    const fields = (init.fieldErrors ?? []).map((f) => `\n  - ${f.field}: ${f.message}`).join("");
    const status = init.status === 0 ? "" : ` → ${init.status}${code}`;
    const hint = init.hint === undefined ? "" : `\n${init.hint}`;
    super(
      `MBN ${init.method} ${init.path}${status}: ${init.message}${fields}${hint}`,
      init.exitCode ?? statusExitCode(init.status),
      options,
    );
    this.status = init.status;
    this.code = init.code;
    this.apiMessage = init.message;
    this.fieldErrors = init.fieldErrors ?? [];
    this.existingId = init.existingId;
    this.method = init.method;
    this.path = init.path;
  }
}

const hasStatus = (e: unknown, status: number): e is MbnApiError =>
  e instanceof MbnApiError && e.status === status;

/** 409: the externalId is already used; `existingId` names the contact holding it. */
export const isConflict = (e: unknown): e is MbnApiError => hasStatus(e, 409);
/** 412: the stored version differs from If-Match; re-read and re-plan. */
export const isPreconditionFailed = (e: unknown): e is MbnApiError => hasStatus(e, 412);
export const isNotFound = (e: unknown): e is MbnApiError => hasStatus(e, 404);
/**
 * MBN refused this one contact (its data, its id or its version), not the run: 400, 404, 409, 412, 413,
 * and status 0 (the client would not send a contact that breaks the contract). The write stage reports
 * these as that contact's failure and goes on; any other refusal (401, 403, 429 or 5xx past the
 * retries) would meet every write alike, so it ends the run.
 */
export const isContactRefusal = (e: unknown): e is MbnApiError =>
  e instanceof MbnApiError && [0, 400, 404, 409, 412, 413].includes(e.status);
/** 410: `since` is older than the tombstones kept; read the whole directory instead. */
export const isGone = (e: unknown): e is MbnApiError => hasStatus(e, 410);
