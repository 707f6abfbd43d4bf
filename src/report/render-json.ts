import type { SyncReport } from "./sync-report.js";

/** The `--json` document: the report as it is, one JSON document. */
export function renderJson(report: SyncReport): string {
  return JSON.stringify(report, null, 2) + "\n";
}
