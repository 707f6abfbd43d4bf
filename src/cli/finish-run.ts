import { join, resolve } from "node:path";
import type { Config } from "../config/index.js";
import { writeFileAtomic } from "../fs/atomic-write.js";
import { UsageError } from "../model/errors.js";
import type { ExitCode } from "../model/exit-code.js";
import { renderJson, type SyncReport } from "../report/index.js";
import type { CommonOptions } from "./common-options.js";
import { printReport, type Console } from "./console.js";
import { summaryLine } from "./log-json.js";
import { notifyRun } from "./notify-run.js";

/** The options of sync, plan and apply that decide what happens to the report. */
export interface ReportOptions extends CommonOptions {
  /** --report FILE: the JSON document, written as well as the text on stdout. */
  report?: string;
}

/** A sync, plan or apply that produced its report: everything that happens after it goes through here. */
export interface FinishedRun {
  report: SyncReport;
  exitCode: ExitCode;
  config: Config;
  options: ReportOptions;
}

/** The audit log of the state directory (state/state-dir.ts names it). */
export const auditLogPath = (config: Config): string => join(resolve(config.state.dir), "audit.jsonl");

/** The text report's last lines: where the audit log (when this run wrote) and the JSON report are. */
export function whereLines(run: FinishedRun): string {
  const lines = [
    run.report.written ? `Audit log: ${auditLogPath(run.config)}` : null,
    run.options.report ? `JSON report: ${resolve(run.options.report)}` : null,
  ].filter((x): x is string => x !== null);
  return lines.length > 0 ? lines.join("\n") + "\n" : "";
}

async function writeReportFile(run: FinishedRun, file: string): Promise<void> {
  try {
    await writeFileAtomic(file, renderJson(run.report), 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(
      `the run finished (exit ${run.exitCode}), but its report could not be written to ${resolve(file)} (${code}); point --report at a file in a directory this user may write`,
    );
  }
}

/**
 * After the report is built: stdout gets it (text or JSON) with, in text, where the audit log and the
 * report file are; `--report` writes the JSON document (mode 0600, atomically); under `--log-format json`
 * the summary is the last stderr line. Whatever else a finished run should do with its report and exit
 * code (notifications) belongs here, after these.
 */
export async function finishRun(console: Console, run: FinishedRun): Promise<void> {
  const { options } = run;
  printReport(console, run.report, options);
  if (!options.json) console.out(whereLines(run));
  if (options.report) await writeReportFile(run, options.report);
  if (options.logFormat === "json")
    console.err(summaryLine(run.report, run.exitCode, (console.now ?? Date.now)()));
  await notifyRun(console, run);
}
