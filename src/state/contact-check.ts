import { MANAGEABLE_FIELDS, PHONE_TYPES, type Contact } from "../model/contact.js";
import { isRecord } from "../model/is-record.js";

/*
 * A fast check of one contact of the mirror (mirror.json, or state.json of format 1): zod (contactSchema) took four fifths of
 * loading 100,000 contacts, most of it making a copy of every object it checks. This check copies
 * nothing and answers only yes or no: the caller asks contactSchema when it says no, for the message and
 * for the last word. So it must never accept what contactSchema refuses; refusing more is safe, only
 * slower (its tests hold it to the schema).
 */

/** The contact's text fields: the key and every manageable field but the two structured ones. */
const TEXT_FIELDS: readonly string[] = [
  "externalId",
  ...MANAGEABLE_FIELDS.filter((f) => f !== "phoneNumbers" && f !== "address"),
];
const CONTACT_KEYS = new Set<string>([
  ...TEXT_FIELDS,
  "phoneNumbers",
  "address",
  "id",
  "version",
  "modified",
]);
const ADDRESS_KEYS = ["street", "postalCode", "city", "country"] as const;
const ADDRESS_KEY_SET = new Set<string>(ADDRESS_KEYS);
const PHONE_KEYS = new Set(["type", "number"]);
const PHONE_TYPE_SET = new Set<unknown>(PHONE_TYPES);

type Fields = Record<string, unknown>;

/** Every key of `allowed` and no other: a strict object (JSON.parse makes no inherited ones). */
function hasOnlyKeys(value: Fields, allowed: ReadonlySet<string>): boolean {
  let count = 0;
  for (const key in value) {
    if (!allowed.has(key)) return false;
    count++;
  }
  return count === allowed.size;
}

const isText = (value: unknown): boolean => value === null || typeof value === "string";

function isPhoneNumber(value: unknown): boolean {
  return (
    isRecord(value) &&
    hasOnlyKeys(value, PHONE_KEYS) &&
    PHONE_TYPE_SET.has(value["type"]) &&
    typeof value["number"] === "string"
  );
}

function isAddress(value: unknown): boolean {
  if (value === null) return true;
  if (!isRecord(value) || !hasOnlyKeys(value, ADDRESS_KEY_SET)) return false;
  return ADDRESS_KEYS.every((key) => isText(value[key]));
}

/** True when `value` is a contact as contactSchema reads it (false may still be one: ask the schema). */
export function isMirrorContact(value: unknown): value is Contact {
  if (!isRecord(value) || !hasOnlyKeys(value, CONTACT_KEYS)) return false;
  for (const field of TEXT_FIELDS) if (!isText(value[field])) return false;
  const phones = value["phoneNumbers"];
  return (
    typeof value["id"] === "string" &&
    Number.isSafeInteger(value["version"]) &&
    typeof value["modified"] === "string" &&
    Array.isArray(phones) &&
    phones.every(isPhoneNumber) &&
    isAddress(value["address"])
  );
}
