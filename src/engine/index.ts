export { runSync, type SyncOptions } from "./run-sync.js";
export { applySavedPlan, type ApplySavedOptions } from "./apply-saved-plan.js";
export type { EngineEvent, EventSink } from "./events.js";
export { refreshMirror, applyWritesToMirror, type RefreshResult } from "./mirror-refresh.js";
