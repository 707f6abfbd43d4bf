export { createMbnClient } from "./client.js";
export type { Clock } from "./clock.js";
export {
  MbnApiError,
  isConflict,
  isContactRefusal,
  isGone,
  isNotFound,
  isPreconditionFailed,
} from "./errors.js";
export type { FieldError, MbnApiErrorInit } from "./errors.js";
export { isTombstone } from "./types.js";
export type { MbnClient, MbnClientOptions, MbnEvent, MbnStats, Tombstone, UserInfo } from "./types.js";
export { probeContract, MISSING_CONTACT_ID } from "./contract-probe.js";
export type { ContractProbe, ContractProbeOptions, ProbeOutcome, ProbeStep } from "./contract-probe.js";
