import { CommanderError } from "commander";
import { ExitCode, SyncError } from "../model/exit-code.js";
import type { SyncReport } from "../report/index.js";

/**
 * The exit code a finished run ends with (model/exit-code.ts, README "Exit codes"). A stale item (changed
 * in MBN since the plan, so not written) is not a failed write, but the run did not do all it was to do:
 * it exits 4 like one ("skipped and reported (exit 4)"). `--check` asks whether the plan has changes.
 * A guard trip exits 3 in a dry run too (`plan`, `sync --dry-run`, `sync --check`): nothing was to be
 * written, but a pipeline's plan job should fail there, before anyone applies, with the trip's message
 * that says how to approve; it outranks `--check`'s 2, as the plan could not be applied as it stands.
 */
export function exitCodeFor(report: SyncReport, check: boolean): ExitCode {
  if (report.interrupted) return ExitCode.interrupted;
  if (!report.guard.ok) return ExitCode.guard;
  if (report.summary.failed + report.summary.stale > 0) return ExitCode.partialFailure;
  const pending = report.planned.create + report.planned.update + report.planned.delete;
  if (check && pending > 0) return ExitCode.changesPending;
  return ExitCode.ok;
}

/** A SyncError carries its own code, a commander error is a usage error (64), anything else is a bug (1). */
export function exitCodeOfError(error: unknown): ExitCode {
  if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  if (error instanceof SyncError) return error.exitCode;
  return ExitCode.internal;
}
