import { LdifSyntaxError } from "./ldif-error.js";

/** One attribute line after unfolding, with the 1-based line on which it starts. */
export interface LogicalLine {
  text: string;
  line: number;
}

/**
 * Splits LDIF text into records (runs of lines between blank lines), unfolding continuation
 * lines and dropping comments. A continuation of a comment belongs to the comment (RFC 2849).
 * Yields one record at a time, so that a large file is never held as lines all at once.
 */
export function* splitRecords(text: string, fileName: string): Generator<LogicalLine[]> {
  let current: LogicalLine[] = [];
  let last: LogicalLine | undefined;
  let inComment = false;
  let lineNo = 0;
  let start = text.startsWith("\uFEFF") ? 1 : 0;

  while (start <= text.length) {
    lineNo++;
    const newline = text.indexOf("\n", start);
    const end = newline === -1 ? text.length : newline;
    // Lines end in "\n" or "\r\n"; a "\r" anywhere else is part of the line.
    const crlf = newline > start && text.charCodeAt(newline - 1) === 0x0d;
    const raw = text.slice(start, crlf ? end - 1 : end);
    start = end + 1;

    // A whitespace-only line can only be a separator: values that end in spaces are base64-encoded.
    if (raw.trim() === "") {
      if (current.length > 0) yield current;
      current = [];
      last = undefined;
      inComment = false;
      continue;
    }
    if (raw.startsWith(" ")) {
      if (inComment) continue;
      if (!last) {
        throw new LdifSyntaxError(
          fileName,
          lineNo,
          "this line starts with a space, which continues the line above, but there is no line above it to continue",
          "Remove the leading space, or the blank line above it.",
        );
      }
      last.text += raw.slice(1);
      continue;
    }
    if (raw.startsWith("#")) {
      inComment = true;
      continue;
    }
    inComment = false;
    last = { text: raw, line: lineNo };
    current.push(last);
  }
  if (current.length > 0) yield current;
}
