import type { SyncReport } from "./sync-report.js";

/** Pieces of the JSON document are handed on at about this many characters. */
const PIECE = 65_536;

/** `text` as JSON.stringify(…, null, 2) would write it one level deeper: every line after the first indented. */
const indented = (text: string, pad: string): string => text.replaceAll("\n", `\n${pad}`);

/**
 * The `--json` document in pieces of about 64 KiB, whose concatenation is exactly
 * `JSON.stringify(report, null, 2) + "\n"`. Each long list (the changes of 100,000 creates) is written
 * item by item, so the document (over 100 MB there) is never one string, and stdout takes it as it comes.
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
    text += "[\n";
    for (let i = 0; i < value.length; i++) {
      const item = JSON.stringify(value[i], null, 2);
      text += `    ${indented(item, "    ")}${i < value.length - 1 ? ",\n" : "\n"}`;
      if (text.length >= PIECE) {
        yield text;
        text = "";
      }
    }
    text += `  ]${end}`;
  }
  yield `${text}}\n`;
}

/** The `--json` document: the report as it is, one JSON document. */
export function renderJson(report: SyncReport): string {
  return [...renderJsonPieces(report)].join("");
}
