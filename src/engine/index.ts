export { runSync, type SyncOptions } from "./run-sync.js";
export type { EngineEvent, EventSink } from "./events.js";
