import type { Entry } from "ldapts";
import { guidFromBytes } from "../../model/guid.js";
import type { SourceUser } from "../types.js";

type RawValue = Entry[string];

/** ldapts gives a string for one value, an array for several and [] for none: always an array here. */
export function valuesOf(raw: RawValue | undefined): string[] {
  if (raw === undefined) return [];
  if (typeof raw === "string") return [raw];
  if (!Array.isArray(raw)) return [raw.toString("utf8")];
  // ldapts has already decoded text values; only bytes it could not decode need converting. Its
  // array is the entry's own (ldapts keeps no reference to it), so when every value is text it is
  // used as it is rather than copied: the common case, including the [] of an absent attribute.
  if (raw.every((value) => typeof value === "string")) return raw;
  return raw.map((value) => (typeof value === "string" ? value : value.toString("utf8")));
}

/**
 * Every entry of a search carries the same attribute names, so each is lower-cased once rather than
 * once per entry (about 20 new strings per user). Bounded, although the names are the few the source
 * asks for: a name seen past the bound is lower-cased each time, as before.
 */
const lowerCased = new Map<string, string>();
const LOWER_CASED_BOUND = 1000;

function lowerCaseOf(name: string): string {
  let lower = lowerCased.get(name);
  if (lower === undefined) {
    lower = name.toLowerCase();
    if (lowerCased.size < LOWER_CASED_BOUND) lowerCased.set(name, lower);
  }
  return lower;
}

function guidOf(raw: RawValue | undefined): string | null {
  if (raw === undefined) return null;
  const first = Array.isArray(raw) ? raw[0] : raw;
  // Listed in explicitBufferAttributes, so it arrives as bytes; a string would be a server without AD's GUIDs.
  if (first === undefined || typeof first === "string" || first.length !== 16) return null;
  return guidFromBytes(first);
}

/** The text form of a binary SID: S-1-5-21-…; the layout of MS-DTYP 2.4.2.2. */
export function sidToString(bytes: Buffer): string | null {
  if (bytes.length < 8) return null;
  const count = bytes.readUInt8(1);
  if (bytes.length !== 8 + 4 * count) return null;
  const parts = [`S-${bytes.readUInt8(0)}-${bytes.readUIntBE(2, 6)}`];
  for (let i = 0; i < count; i++) parts.push(String(bytes.readUInt32LE(8 + 4 * i)));
  return parts.join("-");
}

function sidsOf(raw: RawValue | undefined): string[] {
  if (raw === undefined) return [];
  const list: (Buffer | string)[] = Array.isArray(raw) ? raw : [raw];
  return list.flatMap((value) => {
    const text = typeof value === "string" ? null : sidToString(value);
    return text === null ? [] : [text];
  });
}

/** One search entry as plain data: attribute names lower-cased, values as text, the GUID decoded. */
export function toSourceUser(entry: Entry): SourceUser {
  const attributes: Record<string, string[]> = {};
  let guid: string | null = null;
  for (const name in entry) {
    if (name === "dn") continue;
    const raw = entry[name];
    const key = lowerCaseOf(name);
    if (key === "objectguid") {
      guid = guidOf(raw);
      if (guid !== null) attributes[key] = [guid];
      continue;
    }
    if (key === "objectsid") {
      attributes[key] = sidsOf(raw);
      continue;
    }
    attributes[key] = valuesOf(raw);
  }
  return { dn: entry.dn, guid, attributes };
}
