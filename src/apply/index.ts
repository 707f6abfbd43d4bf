export { applyPlan, describeError } from "./apply-plan.js";
export type {
  ApplyCounts,
  ApplyEvent,
  ApplyOptions,
  ApplyResult,
  ContactWriter,
  ItemError,
  ItemResult,
  ItemStatus,
} from "./types.js";
