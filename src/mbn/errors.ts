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
}

/**
 * MBN answered, but not with success (or with a body that breaks the contract). Exit 1 by default:
 * the engine decides whether a 409 or 412 is a conflict to report or a failure.
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
    super(`MBN ${init.method} ${init.path}${status}: ${init.message}${fields}`, ExitCode.internal, options);
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
/** 410: `since` is older than the tombstones kept; read the whole directory instead. */
export const isGone = (e: unknown): e is MbnApiError => hasStatus(e, 410);
