import { LdifSyntaxError } from "./ldif-error.js";

/** One attribute line after unfolding, with the 1-based line on which it starts. */
export interface LogicalLine {
  text: string;
  line: number;
}

/**
 * Splits LDIF text into records (runs of lines between blank lines), unfolding continuation
 * lines and dropping comments. A continuation of a comment belongs to the comment (RFC 2849).
 */
export function splitRecords(text: string, fileName: string): LogicalLine[][] {
  const physical = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const records: LogicalLine[][] = [];
  let current: LogicalLine[] = [];
  let last: LogicalLine | undefined;
  let inComment = false;

  physical.forEach((raw, index) => {
    const lineNo = index + 1;
    // A whitespace-only line can only be a separator: values that end in spaces are base64-encoded.
    if (raw.trim() === "") {
      if (current.length > 0) records.push(current);
      current = [];
      last = undefined;
      inComment = false;
      return;
    }
    if (raw.startsWith(" ")) {
      if (inComment) return;
      if (!last) {
        throw new LdifSyntaxError(
          fileName,
          lineNo,
          "this line starts with a space, which continues the line above, but there is no line above it to continue",
          "Remove the leading space, or the blank line above it.",
        );
      }
      last.text += raw.slice(1);
      return;
    }
    if (raw.startsWith("#")) {
      inComment = true;
      return;
    }
    inComment = false;
    last = { text: raw, line: lineNo };
    current.push(last);
  });
  if (current.length > 0) records.push(current);
  return records;
}
