import type { SyncReport } from "./sync-report.js";

/** Pieces of the JSON document are handed on at most this many characters. */
const PIECE = 65_536;

/** Items of a long list are made into text this many at a time. */
const BATCH = 32;

/** `text` as JSON.stringify(…, null, 2) would write it one level deeper: every line after the first indented. */
const indented = (text: string, pad: string): string => text.replaceAll("\n", `\n${pad}`);

/**
 * `items` as the document writes them as elements of a top-level member's array: each indented by 4
 * spaces, separated by ",\n". JSON.stringify writes them so itself inside two arrays, whose brackets
 * are cut off: re-indenting each item's text after stringifying it took as long as the stringifying.
 */
const elements = (items: readonly unknown[]): string => JSON.stringify([items], null, 2).slice(6, -6);

/** `text` in pieces of at most PIECE characters. */
function* sliced(text: string): Generator<string> {
  for (let at = 0; at < text.length; at += PIECE) yield text.slice(at, at + PIECE);
}

/**
 * How the document is laid out; the data is the same either way.
 * - `indented`: as JSON.stringify(report, null, 2) writes it, for a person at a terminal.
 * - `lines`: each top-level member on a line of its own, and each element of a list (a change, a skip, a
 *   warning) on one line. Half the size (70 MB instead of 136 MB for 100,000 creates) and quicker to write
 *   and to read through a pipe, and a file that grep and diff take change by change.
 */
export type JsonLayout = "indented" | "lines";

/**
 * Each item on a line of its own, indented by 4 spaces, separated by ",\n". JSON.stringify gives undefined
 * for undefined (and a function): in an array it is null.
 */
const oneEach = (items: readonly unknown[]): string =>
  items.map((item) => `    ${(JSON.stringify(item) as string | undefined) ?? "null"}`).join(",\n");

/**
 * The `--json` document in pieces of at most 64 KiB, whose concatenation is exactly
 * `JSON.stringify(report, null, 2) + "\n"` when indented. Each long list (the changes of 100,000 creates)
 * is written a batch of items at a time, so the document (over 100 MB there) is never one string, and
 * stdout takes it as it comes.
 */
export function* renderJsonPieces(report: SyncReport, layout: JsonLayout = "indented"): Generator<string> {
  const lines = layout === "lines";
  const members = Object.entries(report).filter(([, value]) => value !== undefined);
  let text = "{\n";
  for (let m = 0; m < members.length; m++) {
    const [key, value] = members[m] as [string, unknown];
    const end = m < members.length - 1 ? ",\n" : "\n";
    text += `  ${JSON.stringify(key)}: `;
    if (!Array.isArray(value) || value.length === 0) {
      text += (lines ? JSON.stringify(value) : indented(JSON.stringify(value, null, 2), "  ")) + end;
      continue;
    }
    yield* sliced(`${text}[\n`);
    for (let i = 0; i < value.length; i += BATCH) {
      const batch = value.slice(i, i + BATCH);
      yield* sliced((lines ? oneEach(batch) : elements(batch)) + (i + BATCH < value.length ? ",\n" : "\n"));
    }
    text = `  ]${end}`;
  }
  yield* sliced(`${text}}\n`);
}

/** The `--json` document: the report as it is, one JSON document. */
export function renderJson(report: SyncReport): string {
  return [...renderJsonPieces(report)].join("");
}
