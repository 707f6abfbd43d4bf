import { isAscii, isUtf8 } from "node:buffer";
import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import { DataError } from "../../model/errors.js";

/** Bytes read at a time: the source's memory is about this much however large the file. */
export const CHUNK_SIZE = 1 << 20;

/**
 * The bytes of an LDIF file as the record scanner sees them: the whole file at once (text handed over
 * as a string, or UTF-16), or a file read chunk by chunk into ONE buffer reused from chunk to chunk. A
 * 63 MB file read whole was 63 MB of external memory that only V8's next major GC freed, which in a
 * large run came only at its end. Nothing handed out may point into `bytes`: it is overwritten.
 */
export class ByteWindow {
  /** [0, end) holds whole lines of the file (the last one may lack its newline at the end of the file). */
  bytes: Buffer;
  end: number;
  /** Where the first record may start: after the byte-order marks the parser drops. */
  readonly start: number;
  /** Whether [0, end) is ASCII only: then a value's text is its bytes, read as Latin-1. */
  ascii: boolean;
  /** [0, end) runs to the end of the file. */
  eof: boolean;
  /** Bytes read into `bytes`: [end, loaded) is the start of a line whose end is not read yet. */
  private loaded: number;
  /** The 1-based line of the file that starts at bytes[0]: for the line of a non-UTF-8 byte. */
  private firstLine = 1;

  constructor(
    bytes: Buffer,
    loaded: number,
    start: number,
    private readonly file: { fd: number; name: string } | undefined,
  ) {
    this.bytes = bytes;
    this.loaded = loaded;
    this.start = start;
    this.end = 0;
    this.eof = file === undefined;
    this.ascii = true;
    this.check(0);
  }

  /**
   * Moves bytes[keepFrom, …) to the front, `line` being the line of the file at keepFrom, and reads more
   * after them; the buffer grows only when what is kept (one record) fills it.
   */
  refill(keepFrom: number, line: number): void {
    const { file } = this;
    if (file === undefined || this.eof) return;
    const kept = this.loaded - keepFrom;
    if (kept === this.bytes.length) {
      const larger = Buffer.allocUnsafe(this.bytes.length * 2);
      this.bytes.copy(larger, 0, keepFrom, this.loaded);
      this.bytes = larger;
    } else {
      this.bytes.copy(this.bytes, 0, keepFrom, this.loaded);
    }
    this.end -= keepFrom;
    this.loaded = kept;
    this.firstLine = line;
    const read = readChunk(file, this.bytes, this.loaded);
    this.loaded += read;
    if (read === 0) this.close();
    this.check(this.end);
  }

  /**
   * Reads the rest of the file for its UTF-8 check alone: a file that is not UTF-8 is reported as such
   * before any error in its text, as when the whole file was checked before it was parsed.
   */
  checkRest(): void {
    while (!this.eof) this.refill(this.end, this.firstLine + newlines(this.bytes, 0, this.end));
  }

  close(): void {
    if (this.file !== undefined && !this.eof) closeSync(this.file.fd);
    this.eof = true;
  }

  /** Checks [from, …) up to the last newline read (or to the end of the file) and takes it into [0, end). */
  private check(from: number): void {
    const to = this.eof ? this.loaded : this.bytes.lastIndexOf(0x0a, this.loaded - 1) + 1;
    if (to <= from) return;
    const name = this.file?.name;
    // UTF-8 is checked on whole lines: a newline is never inside a character.
    if (name !== undefined && !isUtf8(this.bytes.subarray(from, to))) throw this.notUtf8(name, from, to);
    this.end = to;
    this.ascii = isAscii(this.bytes.subarray(0, to));
  }

  private notUtf8(name: string, from: number, to: number): DataError {
    let lineStart = from;
    for (;;) {
      const newline = this.bytes.indexOf(0x0a, lineStart);
      const lineEnd = newline === -1 || newline >= to ? to : newline + 1;
      if (!isUtf8(this.bytes.subarray(lineStart, lineEnd)) || lineEnd === to) break;
      lineStart = lineEnd;
    }
    const line = this.firstLine + newlines(this.bytes, 0, lineStart);
    return new DataError(
      `${name} line ${line}: the file is not UTF-8 text. ` +
        "Save it as UTF-8, or export it again with ldifde (which base64-encodes non-ASCII values).",
    );
  }
}

/** Reads into bytes[offset, …) what fits; 0 at the end of the file. */
export function readChunk(file: { fd: number; name: string }, bytes: Buffer, offset: number): number {
  try {
    return readSync(file.fd, bytes, offset, bytes.length - offset, null);
  } catch (error) {
    throw unreadable(file.name, error);
  }
}

/** The error for a file that cannot be opened or read. */
export function unreadable(name: string, error: unknown): DataError {
  const code = (error as NodeJS.ErrnoException).code;
  const problem =
    code === "ENOENT"
      ? "does not exist"
      : code === "EISDIR"
        ? "is a directory"
        : `cannot be read (${code ?? String(error)})`;
  return new DataError(`LDIF file ${name} ${problem}. Check source.file in the configuration.`, {
    cause: error,
  });
}

function newlines(bytes: Buffer, from: number, to: number): number {
  let count = 0;
  for (let i = bytes.indexOf(0x0a, from); i !== -1 && i < to; i = bytes.indexOf(0x0a, i + 1)) count++;
  return count;
}

/**
 * The file's UTF-8 bytes, read chunk by chunk (see ByteWindow), with the first byte-order mark dropped as a
 * UTF-8 decoder does (the parser drops another, as it always has). A UTF-16 file (`ldifde -u` writes
 * UTF-16 little-endian with a byte-order mark) is read whole and converted: it is rare, and small.
 */
export function openLdif(file: string, chunkSize: number): ByteWindow {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (error) {
    throw unreadable(file, error);
  }
  const handle = { fd, name: file };
  try {
    const bytes = Buffer.allocUnsafe(Math.max(chunkSize, 8));
    let loaded = 0;
    // Enough for two byte-order marks, should the first read be short.
    for (let read = -1; loaded < 6 && read !== 0; loaded += read) read = readChunk(handle, bytes, loaded);
    if (bytes[0] === 0xff && bytes[1] === 0xfe) {
      const whole = Buffer.concat([bytes.subarray(0, loaded), readRest(handle)]);
      closeSync(fd);
      const text = Buffer.from(whole.subarray(2).toString("utf16le"), "utf8");
      return new ByteWindow(text, text.length, bomAt(text, 0) ? 3 : 0, undefined);
    }
    const start = bomAt(bytes, 0) ? (bomAt(bytes, 3) ? 6 : 3) : 0;
    return new ByteWindow(bytes, loaded, start, handle);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

function readRest(handle: { fd: number; name: string }): Buffer {
  try {
    return readFileSync(handle.fd);
  } catch (error) {
    throw unreadable(handle.name, error);
  }
}

function bomAt(bytes: Buffer, at: number): boolean {
  return bytes[at] === 0xef && bytes[at + 1] === 0xbb && bytes[at + 2] === 0xbf;
}
