import { ExitCode } from "../model/exit-code.js";
import type { SyncReport } from "../report/index.js";

/** The exit code a finished run ends with (model/exit-code.ts, README "Exit codes"). */
export function exitCodeFor(report: SyncReport, check: boolean): ExitCode {
  if (report.interrupted) return ExitCode.interrupted;
  if (report.mode === "apply" && !report.guard.ok) return ExitCode.guard;
  if (report.failures.length > 0) return ExitCode.partialFailure;
  const pending = report.summary.create + report.summary.update + report.summary.delete;
  if (check && pending > 0) return ExitCode.changesPending;
  return ExitCode.ok;
}
