// Re-exported for importers that take it from here; the helper itself is in src/fs, as the simulator uses it too.
export { DEFAULT_AUDIT_ROTATION, openAuditLog, rotatedName } from "./audit-log.js";
export type { AuditLog, AuditRecord, AuditRotation } from "./audit-log.js";
export { LockedError, StateError } from "./errors.js";
export type { LockHolder } from "./errors.js";
export { DEFAULT_STALE_AFTER_MS, acquireLock } from "./lock.js";
export type { Lock, LockOptions, TakenOver } from "./lock.js";
export { STATE_FORMAT, readState, writeState } from "./mirror-file.js";
export type { MissingSince, ReadStateResult, SyncState } from "./mirror-file.js";
export type { DirectoryState } from "./directory-state.js";
export { MAX_APPLIED_PLANS, findApplied, withApplied } from "./applied-plans.js";
export type { AppliedPlan } from "./applied-plans.js";
export { openStateDir } from "./state-dir.js";
export type { StateDir } from "./state-dir.js";
