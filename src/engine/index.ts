export { runSync, type SyncOptions } from "./run-sync.js";
export { runApply, type ApplyOptions } from "./run-apply.js";
export { runChecks } from "./check.js";
export { previewUser } from "./preview.js";
export type { EngineEvent, EventSink, Stage } from "./events.js";
export { refreshMirror, type RefreshResult } from "./mirror-refresh.js";
export { mirrorAfterWrites } from "./mirror-writes.js";
export { runContractCheck, type ContractCheckOptions } from "./contract-check.js";
