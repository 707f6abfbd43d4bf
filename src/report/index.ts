export type { SyncReport, ChangeRecord, FailureRecord, ConflictRecord, GuardRecord } from "./types.js";
export { renderText, type TextOptions } from "./render-text.js";
export { renderJson } from "./render-json.js";
