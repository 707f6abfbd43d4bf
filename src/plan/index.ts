export { makePlan } from "./make-plan.js";
export { APPROVAL_PREFIX_LENGTH, checkGuards, readApproval, shortHash } from "./guards.js";
export type { GuardInput, GuardName, GuardResult, GuardTrip } from "./guards.js";
export { canonicalJson, hashedEntry, planHash } from "./hash.js";
export { normalValue, sameValue } from "./normalize.js";
export type {
  Conflict,
  CreateEntry,
  DeleteEntry,
  FieldChange,
  MissingSince,
  PendingDelete,
  Plan,
  PlanAction,
  PlanEntry,
  PlanInput,
  PlanOptions,
  UpdateEntry,
} from "./types.js";
export { rebaseEntry } from "./rebase.js";
export type { RebaseResult } from "./rebase.js";
export { PLAN_FILE_VERSION, readPlanFile, writePlanFile } from "./plan-file.js";
export type { PlanFile } from "./plan-file.js";
