import type { EngineEvent } from "../engine/index.js";
import { renderJson, renderText, type SyncReport } from "../report/index.js";
import type { CommonOptions } from "./common-options.js";

/** Where a command writes: the report to stdout, progress and messages to stderr. */
export interface Console {
  out(text: string): void;
  err(text: string): void;
  readonly stdoutIsTTY: boolean;
}

export const processConsole: Console = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  stdoutIsTTY: process.stdout.isTTY,
};

/** Renders engine events on stderr: stages unless --quiet or --json, debug lines only with --verbose. */
export function eventPrinter(console: Console, options: CommonOptions): (event: EngineEvent) => void {
  return (event) => {
    if (event.type === "stage") {
      if (!options.quiet && !options.json) console.err(`${event.message}…\n`);
    } else if (event.type === "log") {
      if (event.level === "warning") console.err(`warning: ${event.message}\n`);
      else if (options.verbose) console.err(`${event.level}: ${event.message}\n`);
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
