import { appendFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Config } from "../config/index.js";
import { writeFileAtomic } from "../fs/atomic-write.js";
import { UsageError } from "../model/errors.js";
import type { ExitCode } from "../model/exit-code.js";
import { renderJsonPieces, renderMarkdown, type SyncReport } from "../report/index.js";
import type { CommonOptions } from "./common-options.js";
import { printReport, type Console } from "./console.js";
import { summaryLine } from "./log-json.js";
import { notifyRun } from "./notify-run.js";

/** The options of sync, plan and apply that decide what happens to the report. */
export interface ReportOptions extends CommonOptions {
  /** --report FILE: the JSON document, written as well as the text on stdout. */
  report?: string;
  /** --summary-md FILE: the Markdown summary, for a pipeline's job page. */
  summaryMd?: string;
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
    run.options.summaryMd ? `Markdown summary: ${resolve(run.options.summaryMd)}` : null,
  ].filter((x): x is string => x !== null);
  return lines.length > 0 ? lines.join("\n") + "\n" : "";
}

async function writeReportFile(
  run: FinishedRun,
  file: string,
  what: { option: string; name: string; text: string | Iterable<string> },
): Promise<void> {
  try {
    await writeFileAtomic(file, what.text, 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(
      `the run finished (exit ${run.exitCode}), but its ${what.name} could not be written to ${resolve(file)} (${code}); point ${what.option} at a file in a directory this user may write`,
    );
  }
}

/**
 * GitHub Actions sets GITHUB_STEP_SUMMARY to a file that the step appends Markdown to (GitHub's own rule:
 * append, never replace: other steps may have written). The operator did not ask for it by name, so a
 * file that cannot be appended to is a warning, not a failed run.
 */
function stepSummaryFile(console: Console): string | undefined {
  const file = (console.env ?? process.env).GITHUB_STEP_SUMMARY;
  return file === "" ? undefined : file;
}

async function appendStepSummary(console: Console, file: string, markdown: string): Promise<void> {
  try {
    await appendFile(file, markdown + "\n");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    console.err(
      `warning: the Markdown summary could not be appended to GITHUB_STEP_SUMMARY (${file}: ${code})\n`,
    );
  }
}

/**
 * After the report is built: stdout gets it (text or JSON) with, in text, where the audit log and the
 * report files are; `--report` writes the JSON document and `--summary-md` the Markdown summary (each mode
 * 0600, atomically), which is also appended to $GITHUB_STEP_SUMMARY when set; under `--log-format json`
 * the summary is the last stderr line. The notifications go out even when a report file cannot be
 * written (that error then ends the run, after them).
 */
export async function finishRun(console: Console, run: FinishedRun): Promise<void> {
  const { options } = run;
  await printReport(console, run.report, options);
  if (!options.json) console.out(whereLines(run));
  try {
    if (options.report) {
      // In pieces, as --json is written off a terminal: the document of 100,000 changes is 70 MB.
      const text = renderJsonPieces(run.report, "lines");
      await writeReportFile(run, options.report, { option: "--report", name: "report", text });
    }
    // The Markdown is made only for a run that asked for it, by name or through GitHub Actions.
    const stepSummary = stepSummaryFile(console);
    if (options.summaryMd || stepSummary !== undefined) {
      const markdown = renderMarkdown(run.report);
      if (options.summaryMd) {
        const summary = { option: "--summary-md", name: "Markdown summary", text: markdown };
        await writeReportFile(run, options.summaryMd, summary);
      }
      if (stepSummary !== undefined) await appendStepSummary(console, stepSummary, markdown);
    }
  } finally {
    await notifyRun(console, { ...run, logFormat: options.logFormat });
  }
  if (options.logFormat === "json")
    console.err(summaryLine(run.report, run.exitCode, (console.now ?? Date.now)()));
}
