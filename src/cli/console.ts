import { once } from "node:events";
import { renderJsonPieces, renderText, type SyncReport } from "../report/index.js";
import type { CommonOptions } from "./common-options.js";
import { jsonSink } from "./log-json.js";
import { plainSink, spinnerSink, trackStages, type Progress } from "./progress.js";

/** Where a command writes: the report to stdout, progress and messages to stderr. */
export interface Console {
  out(text: string): void;
  err(text: string): void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /** The environment (CI, TERM, NO_COLOR, FORCE_COLOR); the process's when absent. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The stream behind `out` (stdout): a long JSON report is written to it piece by piece, as it drains. */
  readonly outStream?: NodeJS.WritableStream;
  /** The stream a spinner draws on (stderr); without it there is no spinner. */
  readonly errStream?: NodeJS.WritableStream;
  /** The clock of durations and log times (ms); Date.now when absent. */
  readonly now?: () => number;
}

export const processConsole: Console = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  stdoutIsTTY: process.stdout.isTTY,
  stderrIsTTY: process.stderr.isTTY,
  env: process.env,
  outStream: process.stdout,
  errStream: process.stderr,
};

const set = (value: string | undefined): boolean => value !== undefined && value !== "";

/**
 * Spinners only where a person watches: stderr a terminal with a width, not under CI (`CI` set and not
 * "false"/"0"), not `TERM=dumb`.
 */
export function interactive(console: Console): boolean {
  const env = console.env ?? {};
  const ci = set(env["CI"]) && env["CI"] !== "false" && env["CI"] !== "0";
  // A terminal of no width (a pseudo-terminal nobody sized) cannot hold a line redrawn in place.
  const columns = (console.errStream as { columns?: number } | undefined)?.columns ?? 0;
  return console.stderrIsTTY && columns > 0 && !ci && env["TERM"] !== "dumb";
}

/**
 * Colour as Node decides it for a stream: FORCE_COLOR first ("0"/"false" off, anything else on, even off a
 * terminal), then NO_COLOR (set: off), then a terminal that is not `TERM=dumb`.
 */
export function colorOn(console: Console): boolean {
  const env = console.env ?? {};
  const force = env["FORCE_COLOR"];
  if (force !== undefined) return force !== "0" && force !== "false";
  if (set(env["NO_COLOR"])) return false;
  return console.stderrIsTTY && env["TERM"] !== "dumb";
}

/** FORCE_COLOR set to anything but "0"/"false". */
export function forcedColor(console: Console): boolean {
  const force = console.env?.["FORCE_COLOR"];
  return force !== undefined && force !== "0" && force !== "false";
}

/**
 * The progress of one command on stderr: under --log-format json one JSON object per line; else spinners
 * on a terminal and one line per finished stage elsewhere. --quiet and --json (the report on stdout) keep
 * only the warnings; --verbose adds the debug messages.
 */
export async function createProgress(console: Console, options: CommonOptions): Promise<Progress> {
  const now = console.now ?? Date.now;
  const verbose = options.verbose ?? false;
  const err = (text: string): void => {
    console.err(text);
  };
  const stages = !options.quiet && !options.json;
  if (options.logFormat === "json") return trackStages(jsonSink(err, !options.quiet), now, verbose);
  if (stages && interactive(console) && console.errStream) {
    // ora is loaded only for a terminal: a scheduled or piped run does not pay for it at start-up.
    const { default: ora } = await import("ora");
    return trackStages(spinnerSink(console.errStream, err, colorOn(console), ora), now, verbose);
  }
  // Plain lines carry no control character unless FORCE_COLOR asks for colour (a CI log that shows it).
  return trackStages(plainSink(err, forcedColor(console), stages), now, verbose);
}

const LIST_LIMIT = 20;

/**
 * The JSON document piece by piece, each written once the stream has taken the last: the document of
 * 100,000 changes is over 100 MB, and made whole (or queued whole on a pipe) it doubled a run's peak memory.
 * Indented for a person at a terminal; elsewhere (a pipe, a file) a line per change, half the bytes.
 */
async function printJson(console: Console, report: SyncReport): Promise<void> {
  const stream = console.outStream;
  for (const piece of renderJsonPieces(report, console.stdoutIsTTY ? "indented" : "lines")) {
    if (!stream) console.out(piece);
    else if (!stream.write(piece)) await once(stream, "drain");
  }
}

/** The report on stdout: JSON with --json, else text (long lists cut on a terminal unless --verbose). */
export async function printReport(
  console: Console,
  report: SyncReport,
  options: CommonOptions,
): Promise<void> {
  if (options.json) {
    await printJson(console, report);
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
