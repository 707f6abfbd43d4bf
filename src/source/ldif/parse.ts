import { ByteWindow } from "./byte-window.js";
import { LdifSyntaxError } from "./ldif-error.js";
import { decodeBase64 } from "./base64.js";
import { decode, RecordScanner } from "./lines.js";
import { NameCache, type AttributeName } from "./names.js";

/** The values of one attribute; `attr::` values stay Buffers: the caller decides whether they are text. */
export type RawValues = (string | Buffer)[];

/** One content record of an LDIF file. */
export interface LdifEntry {
  dn: string;
  /** 1-based line of the `dn:` line. */
  line: number;
  /**
   * Values by attribute name as first written (names differing only in case are merged, and
   * `;range=…` options are dropped so that AD's ranged chunks merge).
   */
  attributes: Map<string, RawValues>;
}

/**
 * One content record as the LDIF source reads it: LdifEntry's attributes as parallel arrays, in the order
 * each attribute first appears, rather than a map made for every entry.
 */
export interface ParsedEntry {
  dn: string;
  line: number;
  /** The lower-cased names without `;range=…`: the keys of SourceUser.attributes. */
  names: string[];
  /** Each name as first written (LdifEntry's keys). */
  spellings: string[];
  values: RawValues[];
}

/** The values of the attribute of this lower-case name, if the entry has it. */
export function valuesOf(entry: ParsedEntry, name: string): RawValues | undefined {
  const i = entry.names.indexOf(name);
  return i === -1 ? undefined : entry.values[i];
}

interface AttributeLine {
  name: AttributeName;
  value: string | Buffer;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Parses the content records of an RFC 2849 LDIF file as written by `ldifde` and
 * `ldapsearch -LLL`. Throws LdifSyntaxError (a DataError, exit 65) naming the file and line of
 * anything it cannot read, rather than guessing.
 */
export function parseLdif(text: string, fileName: string): LdifEntry[] {
  const entries: LdifEntry[] = [];
  for (const { dn, line, values, spellings } of readLdif(Buffer.from(text, "utf8"), fileName)) {
    const attributes = new Map(spellings.map((name, i) => [name, values[i] as RawValues]));
    entries.push({ dn, line, attributes });
  }
  return entries;
}

/**
 * The entries of an LDIF file's UTF-8 bytes one at a time, so that a caller which keeps only what it
 * needs of each entry never holds the whole file as entries. Errors come in the order of a whole-file
 * read: a folding error anywhere in the file is reported before an error inside an entry above it.
 */
export function* readLdif(source: Buffer | ByteWindow, fileName: string): Generator<ParsedEntry> {
  const window = source instanceof ByteWindow ? source : wholeText(source);
  try {
    yield* readRecords(new RecordScanner(window, fileName), fileName);
  } finally {
    window.close();
  }
}

/** Text handed over whole (always UTF-8): the one byte-order mark a UTF-8 decoder drops is dropped. */
function wholeText(bytes: Buffer): ByteWindow {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return new ByteWindow(bytes, bytes.length, bom ? 3 : 0, undefined);
}

function* readRecords(records: RecordScanner, fileName: string): Generator<ParsedEntry> {
  const names = new NameCache(fileName);
  let first = true;
  while (records.next()) {
    let entry: ParsedEntry;
    try {
      let from = 0;
      if (first) {
        first = false;
        if (
          /^version:/i.test(
            decode(records.bytesOf(0), records.starts[0] as number, records.ends[0] as number, false).slice(
              0,
              8,
            ),
          )
        ) {
          checkVersion(records, fileName, names);
          from = 1;
          if (records.count === 1) continue;
        }
      }
      entry = parseRecord(records, from, fileName, names);
    } catch (error) {
      records.finish();
      throw error;
    }
    yield entry;
  }
}

/** Runs an iterator to its end, for the errors it throws on the way. */
export function finish(iterator: Iterator<unknown>): void {
  while (iterator.next().done !== true) {
    // Only an error matters here.
  }
}

function checkVersion(records: RecordScanner, fileName: string, names: NameCache): void {
  const { value } = parseLine(records, 0, fileName, names);
  if (typeof value !== "string" || value.trim() !== "1") {
    throw new LdifSyntaxError(
      fileName,
      records.lines[0] as number,
      `unsupported LDIF version "${String(value).trim()}"`,
      'Only "version: 1" (RFC 2849) is supported.',
    );
  }
}

function parseRecord(records: RecordScanner, from: number, fileName: string, names: NameCache): ParsedEntry {
  const dnLine = records.lines[from] as number;
  const head = parseLine(records, from, fileName, names);
  if (head.name.lower !== "dn") {
    throw new LdifSyntaxError(
      fileName,
      dnLine,
      `an entry must start with a dn: line, but this one starts with "${head.name.name}:"`,
      "Put the entry's dn: line first, and separate entries with one blank line.",
    );
  }
  const dn = typeof head.value === "string" ? head.value : decodeDn(head.value, dnLine, fileName);
  const record = names.nextRecord();
  const entry: ParsedEntry = { dn, line: dnLine, names: [], spellings: [], values: [] };

  for (let i = from + 1; i < records.count; i++) {
    const { name, value } = parseLine(records, i, fileName, names);
    const { lower, slot } = name;
    if (lower === "dn") {
      throw new LdifSyntaxError(
        fileName,
        records.lines[i] as number,
        `a second dn: line inside the entry that starts at line ${dnLine}`,
        "Separate entries with a blank line.",
      );
    }
    if (lower === "changetype" || lower === "control") {
      // ldifde writes "changetype: add" under every dn: an add record is a content record.
      if (lower === "changetype" && i === from + 1 && String(value).trim().toLowerCase() === "add") continue;
      throw new LdifSyntaxError(
        fileName,
        records.lines[i] as number,
        `change records (${lower}: ${String(value).trim()}) are not supported`,
        "Export the entries as content records (ldifde -f FILE, or ldapsearch -LLL).",
      );
    }
    if (slot.record === record) {
      (entry.values[slot.index] as RawValues).push(value);
    } else {
      slot.record = record;
      slot.index = entry.names.length;
      entry.names.push(slot.keyLower);
      entry.spellings.push(name.key);
      entry.values.push([value]);
    }
  }
  return entry;
}

function parseLine(records: RecordScanner, i: number, fileName: string, names: NameCache): AttributeLine {
  const bytes = records.bytesOf(i);
  const start = records.starts[i] as number;
  const end = records.ends[i] as number;
  const line = records.lines[i] as number;
  const { ascii } = records;
  const name = names.at(bytes, start, end, line, i);
  const colon = start + name.raw.length;
  const marker = colon + 1 < end ? bytes[colon + 1] : undefined;
  if (marker === 0x3c) {
    throw new LdifSyntaxError(
      fileName,
      line,
      `URL values are not supported (${name.name}:< …)`,
      "Export with the values inline.",
    );
  }
  if (marker !== 0x3a) {
    // The value starts after the spaces that follow the colon.
    let valueStart = colon + 1;
    while (valueStart < end && bytes[valueStart] === 0x20) valueStart++;
    return { name, value: records.valueText(i, valueStart, end) };
  }

  let from = colon + 2;
  let to = end;
  while (from < to && isSpace(bytes[from] as number)) from++;
  while (to > from && isSpace(bytes[to - 1] as number)) to--;
  let value = decodeBase64(bytes, from, to);
  if (value === null && !ascii) {
    // Perhaps whitespace beyond ASCII around it, which String#trim drops too.
    const encoded = Buffer.from(decode(bytes, colon + 2, end, false).trim(), "utf8");
    value = decodeBase64(encoded, 0, encoded.length);
  }
  if (value === null) {
    throw new LdifSyntaxError(
      fileName,
      line,
      `the base64 value of ${name.name}:: is not valid base64`,
      "Re-export the entry; the value may have been cut or edited by hand.",
    );
  }
  return { name, value };
}

/** Tab, LF, VT, FF, CR or space: ASCII whitespace as String#trim sees it. */
function isSpace(byte: number): boolean {
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}

function decodeDn(bytes: Buffer, line: number, fileName: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new LdifSyntaxError(
      fileName,
      line,
      "the base64 dn:: value is not UTF-8 text",
      "Re-export the entry; a DN must be UTF-8 text.",
    );
  }
}
