import { LdifSyntaxError } from "./ldif-error.js";
import { decode } from "./lines.js";

/** An attribute name as written, checked once and with the forms the parser compares. */
export interface AttributeName {
  /** The name as written, less the spaces before the colon: for messages. */
  name: string;
  lower: string;
  /** The name without `;range=…`. */
  key: string;
  keyLower: string;
  /** Shared by the spellings of one attribute (names differing in case, or in `;range=…`). */
  slot: AttributeSlot;
  /** The bytes before the colon, exactly as written: what a line is compared with. */
  raw: Buffer;
  /** The next name whose bytes have the same hash. */
  next: AttributeName | undefined;
}

/**
 * Where an attribute's values are in the record being parsed: an entry's attribute is found by it rather
 * than by looking its name up in a map per entry.
 */
export interface AttributeSlot {
  keyLower: string;
  /** The record in which `index` holds (see NameCache.nextRecord). */
  record: number;
  index: number;
}

// Attribute type (a name or a numeric OID) followed by options such as ;binary or ;range=0-1499.
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9.-]*(;[A-Za-z0-9.=*-]+)*$/;

/**
 * The attribute names of a file. Every entry repeats the same few names: each distinct spelling is checked
 * and normalised once per file. A line's name is found by a hash of its bytes, taken on the way to the colon,
 * rather than as a string: making a string of every line's name cost more than the rest of the lookup.
 */
export class NameCache {
  private readonly byHash = new Map<number, AttributeName>();
  private readonly slots = new Map<string, AttributeSlot>();
  private record = 0;
  /** The name found at each position of the last record: the entries of an export mostly repeat one layout. */
  private readonly expected: (AttributeName | undefined)[] = [];

  constructor(private readonly fileName: string) {}

  /** A new record begins: every slot's index is stale until the name is met in it. */
  nextRecord(): number {
    return ++this.record;
  }

  /**
   * The name of the logical line bytes[start, end), the `index`-th of its record, whose colon is at
   * start + result.raw.length.
   */
  at(bytes: Buffer, start: number, end: number, line: number, index: number): AttributeName {
    const expected = this.expected[index];
    if (expected !== undefined) {
      const colon = start + expected.raw.length;
      // The raw name holds no colon, so a colon right after it is the line's first.
      if (colon < end && bytes[colon] === 0x3a && sameBytes(expected.raw, bytes, start, colon))
        return expected;
    }
    const found = this.find(bytes, start, end, line);
    this.expected[index] = found;
    return found;
  }

  private find(bytes: Buffer, start: number, end: number, line: number): AttributeName {
    let colon = start;
    let hash = 0;
    while (colon < end && bytes[colon] !== 0x3a)
      hash = (Math.imul(hash, 31) + (bytes[colon++] as number)) | 0;
    if (colon === end) {
      throw new LdifSyntaxError(
        this.fileName,
        line,
        `this line has no colon: "${excerpt(decode(bytes, start, end, false))}"`,
        'Write attributes as "name: value"; a line that continues the one above must start with exactly one space.',
      );
    }
    const first = this.byHash.get(hash);
    for (let known = first; known !== undefined; known = known.next) {
      if (sameBytes(known.raw, bytes, start, colon)) return known;
    }
    const added = this.check(bytes.subarray(start, colon), line);
    added.next = first;
    this.byHash.set(hash, added);
    return added;
  }

  private check(raw: Buffer, line: number): AttributeName {
    const name = raw.toString("utf8").trimEnd();
    if (!NAME_PATTERN.test(name)) {
      throw new LdifSyntaxError(
        this.fileName,
        line,
        `"${excerpt(name)}" is not an attribute name`,
        'Write attributes as "name: value", with the name made of letters, digits and hyphens.',
      );
    }
    const key = withoutRange(name);
    const keyLower = key.toLowerCase();
    let slot = this.slots.get(keyLower);
    if (slot === undefined) {
      slot = { keyLower, record: 0, index: 0 };
      this.slots.set(keyLower, slot);
    }
    // A copy: the name outlives the file's bytes.
    return { name, lower: name.toLowerCase(), key, keyLower, slot, raw: Buffer.from(raw), next: undefined };
  }
}

function sameBytes(raw: Buffer, bytes: Buffer, start: number, end: number): boolean {
  if (raw.length !== end - start) return false;
  for (let i = 0; i < raw.length; i++) if (raw[i] !== bytes[start + i]) return false;
  return true;
}

/** `member;range=0-1499` and `member;range=1500-*` are chunks of one attribute: merge them. */
function withoutRange(name: string): string {
  if (!name.includes(";")) return name;
  return name
    .split(";")
    .filter((part, i) => i === 0 || !/^range=/i.test(part))
    .join(";");
}

export function excerpt(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
