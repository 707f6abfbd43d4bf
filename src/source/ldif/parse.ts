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
  const records = splitRecords(text, fileName);
  const first = records[0];
  if (first?.[0] && /^version:/i.test(first[0].text)) {
    checkVersion(first[0], fileName);
    first.shift();
    if (first.length === 0) records.shift();
  }
  return records.map((record) => parseRecord(record, fileName));
}

function checkVersion(line: LogicalLine, fileName: string): void {
  const { value } = parseLine(line, fileName);
  if (typeof value !== "string" || value.trim() !== "1") {
    throw new LdifSyntaxError(
      fileName,
      line.line,
      `unsupported LDIF version "${String(value).trim()}"`,
      'Only "version: 1" (RFC 2849) is supported.',
    );
  }
}

function parseRecord(record: LogicalLine[], fileName: string): LdifEntry {
  const [dnLine, ...rest] = record as [LogicalLine, ...LogicalLine[]];
  const head = parseLine(dnLine, fileName);
  if (head.name.toLowerCase() !== "dn") {
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

  rest.forEach((logical, index) => {
    const { name, value } = parseLine(logical, fileName);
    const lower = name.toLowerCase();
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
      if (lower === "changetype" && index === 0 && String(value).trim().toLowerCase() === "add") return;
      throw new LdifSyntaxError(
        fileName,
        logical.line,
        `change records (${lower}: ${String(value).trim()}) are not supported`,
        "Export the entries as content records (ldifde -f FILE, or ldapsearch -LLL).",
      );
    }
    const key = withoutRange(name);
    const known = spelling.get(key.toLowerCase()) ?? key;
    spelling.set(key.toLowerCase(), known);
    const values = attributes.get(known) ?? [];
    values.push(value);
    attributes.set(known, values);
  });
  return { dn, line: dnLine.line, attributes };
}

function parseLine(logical: LogicalLine, fileName: string): AttributeLine {
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
  if (!NAME_PATTERN.test(name)) {
    throw new LdifSyntaxError(
      fileName,
      line,
      `"${excerpt(name)}" is not an attribute name`,
      'Write attributes as "name: value", with the name made of letters, digits and hyphens.',
    );
  }
  const rest = text.slice(colon + 1);
  if (rest.startsWith("<")) {
    throw new LdifSyntaxError(
      fileName,
      line,
      `URL values are not supported (${name}:< …)`,
      "Export with the values inline.",
    );
  }
  if (!rest.startsWith(":")) return { name, value: rest.replace(/^ +/, "") };

  const encoded = rest.slice(1).trim();
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
