import type { Config } from "../config/index.js";
import { notify, notifyError, type NotifyResult } from "../notify/index.js";
import type { SyncReport } from "../report/index.js";
import type { LogFormat } from "./common-options.js";
import type { Console } from "./console.js";
import { logLine } from "./log-json.js";

/** A channel that failed is a warning, in the form of every other stderr line of this run. */
function show(console: Console, result: NotifyResult, logFormat: LogFormat | undefined): void {
  for (const warning of result.warnings) {
    if (logFormat === "json") {
      const now = (console.now ?? Date.now)();
      console.err(logLine({ level: "warning", event: "message", stage: "notify", message: warning }, now));
    } else {
      console.err(`warning: ${warning}\n`);
    }
  }
}

/**
 * Sends the notifications `notify` asks for after a run's report is out. A channel that fails is a
 * warning on stderr: it never changes the exit code, and the writes are done by then.
 */
export async function notifyRun(
  console: Console,
  run: { report: SyncReport; exitCode: number; config: Config; logFormat?: LogFormat | undefined },
): Promise<void> {
  show(console, await notify(run.report, run.exitCode, run.config), run.logFormat);
}

/** As notifyRun, for a run that stopped with an error after its configuration loaded (a "failure"). */
export async function notifyRunError(
  console: Console,
  run: { error: unknown; exitCode: number; config: Config; logFormat?: LogFormat | undefined },
): Promise<void> {
  show(console, await notifyError(run.error, run.exitCode, run.config), run.logFormat);
}
