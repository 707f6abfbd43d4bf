import { LdifSyntaxError } from "./ldif-error.js";
import { splitRecords, type LogicalLine } from "./lines.js";

/** One content record of an LDIF file. */
export interface LdifEntry {
  dn: string;
  /** 1-based line of the `dn:` line. */
  line: number;
  /**
   * Values by attribute name as first written (names differing only in case are merged, and
   * `;range=…` options are dropped so that AD's ranged chunks merge). `attr::` values stay Buffers:
   * the caller decides whether they are text.
   */
  attributes: Map<string, (string | Buffer)[]>;
}

interface AttributeLine {
  name: string;
  value: string | Buffer;
}

/** An attribute name as written, checked once and with the forms the parser compares. */
interface AttributeName {
  lower: string;
  /** The name without `;range=…`, as it is stored. */
  key: string;
  keyLower: string;
}

/**
 * Every entry repeats the same few attribute names: each distinct spelling is checked and
 * normalised once per file instead of on every line.
 */
type NameCache = Map<string, AttributeName>;

// Attribute type (a name or a numeric OID) followed by options such as ;binary or ;range=0-1499.
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9.-]*(;[A-Za-z0-9.=*-]+)*$/;
const BASE64_PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Parses the content records of an RFC 2849 LDIF file as written by `ldifde` and
 * `ldapsearch -LLL`. Throws LdifSyntaxError (a DataError, exit 65) naming the file and line of
 * anything it cannot read, rather than guessing.
 */
export function parseLdif(text: string, fileName: string): LdifEntry[] {
  return [...readLdif(text, fileName)];
}

/**
 * The entries of parseLdif one at a time, so that a caller which keeps only what it needs of each
 * entry never holds the whole file as entries. Errors come in the order of a whole-file read: a
 * folding error anywhere in the file is reported before an error inside an entry above it.
 */
export function* readLdif(text: string, fileName: string): Generator<LdifEntry> {
  const records = splitRecords(text, fileName);
  const names: NameCache = new Map();
  let first = true;
  for (const record of records) {
    let entry: LdifEntry;
    try {
      if (first) {
        first = false;
        const head = record[0];
        if (head && /^version:/i.test(head.text)) {
          checkVersion(head, fileName, names);
          record.shift();
          if (record.length === 0) continue;
        }
      }
      entry = parseRecord(record, fileName, names);
    } catch (error) {
      finish(records);
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

function checkVersion(line: LogicalLine, fileName: string, names: NameCache): void {
  const { value } = parseLine(line, fileName, names);
  if (typeof value !== "string" || value.trim() !== "1") {
    throw new LdifSyntaxError(
      fileName,
      line.line,
      `unsupported LDIF version "${String(value).trim()}"`,
      'Only "version: 1" (RFC 2849) is supported.',
    );
  }
}

function parseRecord(record: LogicalLine[], fileName: string, names: NameCache): LdifEntry {
  const dnLine = record[0] as LogicalLine;
  const head = parseLine(dnLine, fileName, names);
  if (attributeName(head.name, names).lower !== "dn") {
    throw new LdifSyntaxError(
      fileName,
      dnLine.line,
      `an entry must start with a dn: line, but this one starts with "${head.name}:"`,
      "Put the entry's dn: line first, and separate entries with one blank line.",
    );
  }
  const dn = typeof head.value === "string" ? head.value : decodeDn(head.value, dnLine, fileName);
  const attributes = new Map<string, (string | Buffer)[]>();
  const spelling = new Map<string, string>();

  for (let i = 1; i < record.length; i++) {
    const logical = record[i] as LogicalLine;
    const { name, value } = parseLine(logical, fileName, names);
    const { lower, key, keyLower } = attributeName(name, names);
    if (lower === "dn") {
      throw new LdifSyntaxError(
        fileName,
        logical.line,
        `a second dn: line inside the entry that starts at line ${dnLine.line}`,
        "Separate entries with a blank line.",
      );
    }
    if (lower === "changetype" || lower === "control") {
      // ldifde writes "changetype: add" under every dn: an add record is a content record.
      if (lower === "changetype" && i === 1 && String(value).trim().toLowerCase() === "add") continue;
      throw new LdifSyntaxError(
        fileName,
        logical.line,
        `change records (${lower}: ${String(value).trim()}) are not supported`,
        "Export the entries as content records (ldifde -f FILE, or ldapsearch -LLL).",
      );
    }
    let known = spelling.get(keyLower);
    if (known === undefined) {
      known = key;
      spelling.set(keyLower, known);
    }
    const values = attributes.get(known);
    if (values) values.push(value);
    else attributes.set(known, [value]);
  }
  return { dn, line: dnLine.line, attributes };
}

/** The cached forms of a name parseLine has accepted. */
function attributeName(name: string, names: NameCache): AttributeName {
  let known = names.get(name);
  if (known === undefined) {
    const key = withoutRange(name);
    known = { lower: name.toLowerCase(), key, keyLower: key.toLowerCase() };
    names.set(name, known);
  }
  return known;
}

function parseLine(logical: LogicalLine, fileName: string, names: NameCache): AttributeLine {
  const { text, line } = logical;
  const colon = text.indexOf(":");
  if (colon === -1) {
    throw new LdifSyntaxError(
      fileName,
      line,
      `this line has no colon: "${excerpt(text)}"`,
      'Write attributes as "name: value"; a line that continues the one above must start with exactly one space.',
    );
  }
  const name = text.slice(0, colon).trimEnd();
  if (!names.has(name) && !NAME_PATTERN.test(name)) {
    throw new LdifSyntaxError(
      fileName,
      line,
      `"${excerpt(name)}" is not an attribute name`,
      'Write attributes as "name: value", with the name made of letters, digits and hyphens.',
    );
  }
  const marker = text.charAt(colon + 1);
  if (marker === "<") {
    throw new LdifSyntaxError(
      fileName,
      line,
      `URL values are not supported (${name}:< …)`,
      "Export with the values inline.",
    );
  }
  if (marker !== ":") {
    // The value starts after the spaces that follow the colon.
    let start = colon + 1;
    while (text.charCodeAt(start) === 0x20) start++;
    return { name, value: text.slice(start) };
  }

  const encoded = text.slice(colon + 2).trim();
  if (!BASE64_PATTERN.test(encoded)) {
    throw new LdifSyntaxError(
      fileName,
      line,
      `the base64 value of ${name}:: is not valid base64`,
      "Re-export the entry; the value may have been cut or edited by hand.",
    );
  }
  return { name, value: Buffer.from(encoded, "base64") };
}

function decodeDn(bytes: Buffer, logical: LogicalLine, fileName: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new LdifSyntaxError(
      fileName,
      logical.line,
      "the base64 dn:: value is not UTF-8 text",
      "Re-export the entry; a DN must be UTF-8 text.",
    );
  }
}

/** `member;range=0-1499` and `member;range=1500-*` are chunks of one attribute: merge them. */
function withoutRange(name: string): string {
  if (!name.includes(";")) return name;
  return name
    .split(";")
    .filter((part, i) => i === 0 || !/^range=/i.test(part))
    .join(";");
}

function excerpt(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
