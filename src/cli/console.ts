import type { EngineEvent } from "../engine/index.js";
import { renderJson, renderText, type SyncReport } from "../report/index.js";
import type { CommonOptions } from "./common-options.js";

/** Where a command writes: the report to stdout, progress and messages to stderr. */
export interface Console {
  out(text: string): void;
  err(text: string): void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
}

export const processConsole: Console = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  stdoutIsTTY: process.stdout.isTTY,
  stderrIsTTY: process.stderr.isTTY,
};

/**
 * Renders engine events on stderr: stages unless --quiet or --json, debug lines only with --verbose, and on a
 * terminal a progress counter of the writes, redrawn in place (a log or cron file gets no such noise).
 */
export function eventPrinter(console: Console, options: CommonOptions): (event: EngineEvent) => void {
  const chatty = !options.quiet && !options.json;
  let progressOpen = false;
  const line = (text: string): void => {
    if (progressOpen) console.err("\n");
    progressOpen = false;
    console.err(text);
  };
  return (event) => {
    if (event.type === "stage") {
      if (chatty) line(`${event.message}…\n`);
    } else if (event.type === "log") {
      if (event.level === "warning") line(`warning: ${event.message}\n`);
      else if (options.verbose) line(`${event.level}: ${event.message}\n`);
    } else if (chatty && console.stderrIsTTY) {
      console.err(`\r  ${event.done}/${event.total} written`);
      progressOpen = event.done < event.total;
      if (!progressOpen) console.err("\n");
    }
  };
}

const LIST_LIMIT = 20;

/** The report on stdout: JSON with --json, else text (long lists cut on a terminal unless --verbose). */
export function printReport(console: Console, report: SyncReport, options: CommonOptions): void {
  if (options.json) {
    console.out(renderJson(report));
    return;
  }
  const limit = console.stdoutIsTTY ? LIST_LIMIT : undefined;
  console.out(
    renderText(report, {
      verbose: options.verbose ?? false,
      quiet: options.quiet ?? false,
      ...(limit ? { limit } : {}),
    }),
  );
}
