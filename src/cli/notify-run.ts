import type { Config } from "../config/index.js";
import { notify, notifyError, type NotifyResult } from "../notify/index.js";
import type { SyncReport } from "../report/index.js";
import type { Console } from "./console.js";

function show(console: Console, result: NotifyResult): void {
  for (const warning of result.warnings) console.err(`warning: ${warning}\n`);
}

/**
 * Sends the notifications `notify` asks for after a run's report is out. A channel that fails is a
 * warning on stderr: it never changes the exit code, and the writes are done by then.
 */
export async function notifyRun(
  console: Console,
  run: { report: SyncReport; exitCode: number; config: Config },
): Promise<void> {
  show(console, await notify(run.report, run.exitCode, run.config));
}

/** As notifyRun, for a run that stopped with an error after its configuration loaded (a "failure"). */
export async function notifyRunError(
  console: Console,
  run: { error: unknown; exitCode: number; config: Config },
): Promise<void> {
  show(console, await notifyError(run.error, run.exitCode, run.config));
}
