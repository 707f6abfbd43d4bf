import { DataError } from "../../model/errors.js";
import { canonicalGuid, guidFromBytes } from "../../model/guid.js";
import type { SourceUser } from "../types.js";
import { valuesOf, type ParsedEntry, type RawValues } from "./parse.js";

const utf8 = new TextDecoder("utf-8", { fatal: true });

// Binary by definition: left out of `attributes` even when the bytes happen to be valid UTF-8.
const BINARY_ATTRIBUTES = new Set([
  "objectguid",
  "objectsid",
  "thumbnailphoto",
  "jpegphoto",
  "msexchmailboxguid",
]);

/** The text of a value, or null when it is binary. */
export function textOf(value: string | Buffer): string | null {
  if (typeof value === "string") return value;
  try {
    return utf8.decode(value);
  } catch {
    return null;
  }
}

/**
 * A user account or person. Entries without objectClass are kept: hand-written LDIFs often leave
 * it out. Computers are `user` in AD, and AD contacts are `person`, but neither is a user.
 */
export function isUserEntry(entry: ParsedEntry): boolean {
  const raw = valuesOf(entry, "objectclass");
  if (!raw) return true;
  // A loop rather than a lower-cased copy of the list: this runs for every entry of the file.
  let person = false;
  for (const value of raw) {
    const name = (textOf(value) ?? "").trim().toLowerCase();
    if (name === "computer" || name === "contact") return false;
    if (name === "user" || name === "person" || name === "inetorgperson") person = true;
  }
  return person;
}

/** userAccountControl bit 0x2 (ACCOUNTDISABLE); false when the attribute is absent. */
export function isDisabled(entry: ParsedEntry, fileName: string): boolean {
  const raw = valuesOf(entry, "useraccountcontrol")?.[0];
  if (raw === undefined) return false;
  const text = (textOf(raw) ?? "").trim();
  if (!/^-?\d+$/.test(text)) {
    throw new DataError(
      `${fileName} line ${entry.line}: userAccountControl of ${entry.dn} is "${text}", not a number. ` +
        "Re-export the entry, or remove the attribute if the account is enabled.",
    );
  }
  return (Number(text) & 0x2) !== 0;
}

/** objectGUID as 16 bytes (ldifde, ldapsearch) or as text (some export tools); null when absent. */
export function guidOf(entry: ParsedEntry, fileName: string): string | null {
  const raw = valuesOf(entry, "objectguid")?.[0];
  if (raw === undefined) return null;
  if (typeof raw !== "string" && raw.length === 16) return guidFromBytes(raw);
  const guid = canonicalGuid(textOf(raw) ?? "");
  if (guid) return guid;
  throw new DataError(
    `${fileName} line ${entry.line}: objectGUID of ${entry.dn} is neither 16 bytes (objectGUID:: base64) ` +
      "nor a GUID string. Re-export the entry with its objectGUID unchanged.",
  );
}

/** `objectguid;binary` is objectGUID. */
function withoutOptions(name: string): string {
  const semicolon = name.indexOf(";");
  return semicolon === -1 ? name : name.slice(0, semicolon);
}

export function toSourceUser(entry: ParsedEntry, guid: string | null): SourceUser {
  const attributes: Record<string, string[]> = {};
  for (let i = 0; i < entry.names.length; i++) {
    const name = entry.names[i] as string;
    const raw = entry.values[i] as RawValues;
    // The parser's array of one text value (most attributes) is handed over as it is: the entry is dropped.
    if (raw.length === 1 && typeof raw[0] === "string") {
      attributes[name] = raw as string[];
      continue;
    }
    if (BINARY_ATTRIBUTES.has(withoutOptions(name)) && raw.some((v) => typeof v !== "string")) continue;
    // Others are copied, sized exactly (map, not push): the users may be kept for the whole run, and an
    // array grown by push keeps spare room.
    const texts = raw.map(textOf);
    const kept = texts.includes(null) ? texts.filter((v): v is string => v !== null) : (texts as string[]);
    if (kept.length > 0) attributes[name] = kept;
  }
  return { dn: entry.dn, guid, attributes };
}
