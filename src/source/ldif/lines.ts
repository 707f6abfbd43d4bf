import type { ByteWindow } from "./byte-window.js";
import { LdifSyntaxError } from "./ldif-error.js";

/**
 * The records of an LDIF file (runs of lines between blank lines), read from its UTF-8 bytes one record
 * at a time, with continuation lines unfolded and comments dropped. A continuation of a comment belongs to
 * the comment (RFC 2849).
 *
 * The file is read as bytes rather than as one decoded string: a value sliced from a string keeps the
 * whole string alive (63 MB for 100,000 users, for the whole run), while a value decoded from a range of
 * the bytes is a string of its own. The bytes are a window on the file (see ByteWindow): a record is read
 * only once its ending blank line (or the end of the file) is in it, else the window is refilled from the
 * record's start and the record read again. The lines of the current record are byte ranges in arrays
 * reused from record to record, not an object per line.
 */
export class RecordScanner {
  /** Logical lines of the current record, 0 … count-1: where each starts and ends in `bytes`. */
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  /** The 1-based line of the file on which each logical line starts. */
  readonly lines: number[] = [];
  /** A line folded over several lines of the file: its unfolded bytes, a copy (then starts/ends are 0 and length). */
  readonly unfolded: (Buffer | undefined)[] = [];
  count = 0;

  private position: number;
  private lineNo = 0;
  /** The value read from each line of the records above, by valueText (forgotten when the window moves). */
  private readonly lastValues: ({ start: number; end: number; text: string | undefined } | undefined)[] = [];
  /** The pieces of the last logical line while continuation lines are still being added to it. */
  private pieces: Buffer[] | undefined;

  constructor(
    private readonly window: ByteWindow,
    private readonly fileName: string,
  ) {
    this.position = window.start;
  }

  /** The window's bytes: valid until the next call of next(). */
  get bytes(): Buffer {
    return this.window.bytes;
  }

  /** Whether the current record is ASCII only: then a value's text is its bytes, read as Latin-1. */
  get ascii(): boolean {
    return this.window.ascii;
  }

  /** The bytes in which logical line `i` lies (see `unfolded`). */
  bytesOf(i: number): Buffer {
    return this.unfolded[i] ?? this.bytes;
  }

  /** Reads the next record into the arrays; false when there is none left. */
  next(): boolean {
    const { window } = this;
    let recordStart = this.position;
    const recordLine = this.lineNo;
    this.count = 0;
    this.pieces = undefined;
    let inComment = false;
    for (;;) {
      if (this.position >= window.end && !window.eof) {
        // The record may go on after the bytes read so far: read it again, from its start, with more.
        window.refill(recordStart, recordLine + 1);
        this.lastValues.length = 0;
        recordStart = 0;
        this.position = 0;
        this.lineNo = recordLine;
        this.count = 0;
        this.pieces = undefined;
        inComment = false;
        continue;
      }
      const { bytes, end: limit } = window;
      if (this.position > limit) return this.count > 0 && this.closeLast();
      this.lineNo++;
      const start = this.position;
      const found = bytes.indexOf(0x0a, start);
      const newline = found < limit ? found : -1;
      let end = newline === -1 ? limit : newline;
      this.position = end + 1;
      // Lines end in "\n" or "\r\n"; a "\r" anywhere else is part of the line.
      if (newline > start && bytes[end - 1] === 0x0d) end--;

      // A whitespace-only line can only be a separator: values that end in spaces are base64-encoded.
      if (isBlank(bytes, start, end)) {
        if (this.count > 0) return this.closeLast();
        inComment = false;
        continue;
      }
      const first = bytes[start];
      if (first === 0x20) {
        if (inComment) continue;
        if (this.count === 0) {
          // A file that is not UTF-8 is reported as such first, as when it was checked before parsing.
          window.checkRest();
          throw new LdifSyntaxError(
            this.fileName,
            this.lineNo,
            "this line starts with a space, which continues the line above, but there is no line above it to continue",
            "Remove the leading space, or the blank line above it.",
          );
        }
        this.continueLast(start + 1, end);
        continue;
      }
      if (first === 0x23) {
        inComment = true;
        continue;
      }
      inComment = false;
      if (this.count > 0) this.closeLast();
      this.add(start, end);
    }
  }

  /**
   * The text of bytes[start, end) of logical line `i`. An export repeats many values from entry to entry
   * (objectClass, userAccountControl, company, l, …): a value whose bytes are those of the value on the
   * same line of the entry above is that string again, rather than one more copy to make and keep.
   */
  valueText(i: number, start: number, end: number): string {
    const last = this.lastValues[i];
    if (this.unfolded[i] !== undefined) {
      // Not remembered: its bytes are gone with the record.
      if (last !== undefined) last.text = undefined;
      return decode(this.bytesOf(i), start, end, this.ascii);
    }
    if (last?.text !== undefined && sameBytes(this.bytes, last.start, last.end, start, end)) return last.text;
    const text = decode(this.bytes, start, end, this.ascii);
    if (last === undefined) this.lastValues[i] = { start, end, text };
    else {
      last.start = start;
      last.end = end;
      last.text = text;
    }
    return text;
  }

  /** Runs to the end of the file, for the folding error it may throw. */
  finish(): void {
    while (this.next()) {
      // Only an error matters here.
    }
  }

  private add(start: number, end: number): void {
    const i = this.count++;
    this.starts[i] = start;
    this.ends[i] = end;
    this.lines[i] = this.lineNo;
    this.unfolded[i] = undefined;
  }

  private continueLast(start: number, end: number): void {
    const i = this.count - 1;
    this.pieces ??= [this.bytes.subarray(this.starts[i], this.ends[i])];
    this.pieces.push(this.bytes.subarray(start, end));
  }

  /** Joins the pieces of the last logical line, if it was folded; true, for `return`. */
  private closeLast(): true {
    if (this.pieces) {
      const i = this.count - 1;
      const joined = Buffer.concat(this.pieces);
      this.unfolded[i] = joined;
      this.starts[i] = 0;
      this.ends[i] = joined.length;
      this.pieces = undefined;
    }
    return true;
  }
}

/**
 * The methods behind Buffer#toString(encoding, start, end), on Buffer.prototype since Node's first
 * releases though not in its typings: called directly, without toString's argument handling, which cost
 * as much as the decoding itself for the millions of short values of a large file.
 */
interface Slicing {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/** The text of bytes[start, end), a string of its own (not a slice of a larger one). */
export function decode(bytes: Buffer, start: number, end: number, ascii: boolean): string {
  // ASCII is read as Latin-1, which takes each byte as it is and skips the UTF-8 decoder's checks.
  const slicing = bytes as unknown as Slicing;
  return ascii ? slicing.latin1Slice(start, end) : slicing.utf8Slice(start, end);
}

function sameBytes(bytes: Buffer, start: number, end: number, otherStart: number, otherEnd: number): boolean {
  if (end - start !== otherEnd - otherStart) return false;
  for (let i = 0; i < end - start; i++) if (bytes[start + i] !== bytes[otherStart + i]) return false;
  return true;
}

/** Whether the line is empty or whitespace only, as String#trim sees whitespace. */
function isBlank(bytes: Buffer, start: number, end: number): boolean {
  let ascii = true;
  for (let i = start; i < end; i++) {
    const b = bytes[i] as number;
    // ASCII other than tab, LF, VT, FF, CR and space: not whitespace.
    if (b >= 0x80) ascii = false;
    else if (b !== 0x20 && (b < 0x09 || b > 0x0d)) return false;
  }
  // Only whitespace and non-ASCII: the non-ASCII may be whitespace too (no-break space, BOM, …).
  return ascii || decode(bytes, start, end, false).trim() === "";
}
