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
 * The `--json` document in pieces of at most 64 KiB, whose concatenation is exactly
 * `JSON.stringify(report, null, 2) + "\n"`. Each long list (the changes of 100,000 creates) is written
 * a batch of items at a time, so the document (over 100 MB there) is never one string, and stdout takes
 * it as it comes.
 */
export function* renderJsonPieces(report: SyncReport): Generator<string> {
  const members = Object.entries(report).filter(([, value]) => value !== undefined);
  let text = "{\n";
  for (let m = 0; m < members.length; m++) {
    const [key, value] = members[m] as [string, unknown];
    const end = m < members.length - 1 ? ",\n" : "\n";
    text += `  ${JSON.stringify(key)}: `;
    if (!Array.isArray(value) || value.length === 0) {
      text += indented(JSON.stringify(value, null, 2), "  ") + end;
      continue;
    }
    yield* sliced(`${text}[\n`);
    for (let i = 0; i < value.length; i += BATCH) {
      const batch = elements(value.slice(i, i + BATCH)) + (i + BATCH < value.length ? ",\n" : "\n");
      yield* sliced(batch);
    }
    text = `  ]${end}`;
  }
  yield* sliced(`${text}}\n`);
}

/** The `--json` document: the report as it is, one JSON document. */
export function renderJson(report: SyncReport): string {
  return [...renderJsonPieces(report)].join("");
}
