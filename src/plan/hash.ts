import { createHash } from "node:crypto";
import { isRecord } from "../model/is-record.js";
import type { CreateEntry, PlanEntry } from "./types.js";

/** JSON with object keys sorted at every level, so equal data always gives equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(record).sort()) {
      if (record[key] !== undefined) sorted[key] = sortKeys(record[key]);
    }
    return sorted;
  }
  return value;
}

/*
 * The entries' own shapes (an entry, a field change, a contact's input, a phone number, an address) are
 * copied through object literals that list their keys in sorted order, and JSON.stringify writes such a
 * copy exactly as it writes sortKeys' one: for 100,000 creates this takes half of sortKeys' time, which
 * adds keys one by one to an empty object (a slow path in V8) after sorting them, for every object.
 * An object with any key outside its shape's list goes through sortKeys instead, so no key is ever left
 * out of the hash; a key a shape lists but an object lacks is undefined in the copy, and JSON.stringify
 * leaves it out as sortKeys does. test/property/plan-hash.property.test.ts holds the two to each other.
 */
const ENTRY_KEYS = new Set([
  "action",
  "adopt",
  "baseVersion",
  "before",
  "changes",
  "contactId",
  "externalId",
  "input",
  "source",
]);
const CHANGE_KEYS = new Set(["field", "from", "to"]);
const PHONE_KEYS = new Set(["number", "type"]);
const ADDRESS_KEYS = new Set(["city", "country", "postalCode", "street"]);
const INPUT_KEYS = new Set([
  "address",
  "company",
  "department",
  "displayName",
  "email",
  "externalId",
  "firstName",
  "lastName",
  "notes",
  "phoneNumbers",
  "title",
]);

/** True when every enumerable key of `record` is in `keys`. */
function hasOnly(record: object, keys: ReadonlySet<string>): boolean {
  for (const key in record) if (!keys.has(key)) return false;
  return true;
}

const sortedPhone = (value: unknown): unknown => {
  if (!isRecord(value) || !hasOnly(value, PHONE_KEYS)) return sortKeys(value);
  return { number: sortKeys(value["number"]), type: sortKeys(value["type"]) };
};

const sortedPhones = (value: unknown): unknown =>
  Array.isArray(value) ? value.map(sortedPhone) : sortKeys(value);

const sortedAddress = (value: unknown): unknown => {
  if (!isRecord(value) || !hasOnly(value, ADDRESS_KEYS)) return sortKeys(value);
  return {
    city: sortKeys(value["city"]),
    country: sortKeys(value["country"]),
    postalCode: sortKeys(value["postalCode"]),
    street: sortKeys(value["street"]),
  };
};

const sortedInput = (value: unknown): unknown => {
  if (!isRecord(value) || !hasOnly(value, INPUT_KEYS)) return sortKeys(value);
  return {
    address: sortedAddress(value["address"]),
    company: sortKeys(value["company"]),
    department: sortKeys(value["department"]),
    displayName: sortKeys(value["displayName"]),
    email: sortKeys(value["email"]),
    externalId: sortKeys(value["externalId"]),
    firstName: sortKeys(value["firstName"]),
    lastName: sortKeys(value["lastName"]),
    notes: sortKeys(value["notes"]),
    phoneNumbers: sortedPhones(value["phoneNumbers"]),
    title: sortKeys(value["title"]),
  };
};

/** A change's old and new values, copied as the shape of its field (any other value through sortKeys). */
const VALUE_OF_FIELD = new Map<unknown, (value: unknown) => unknown>([
  ["phoneNumbers", sortedPhones],
  ["address", sortedAddress],
]);

const sortedChange = (value: unknown): unknown => {
  if (!isRecord(value) || !hasOnly(value, CHANGE_KEYS)) return sortKeys(value);
  const sortedValue = VALUE_OF_FIELD.get(value["field"]) ?? sortKeys;
  return { field: sortKeys(value["field"]), from: sortedValue(value["from"]), to: sortedValue(value["to"]) };
};

/**
 * What the hash covers of an entry: all of it but a create's `changes`, which say nothing its `input`
 * does not (each field the input sets, from null; readPlanFile refuses a file whose create says
 * otherwise). Every write the plan would make is still in the hash, and the canonical text of 100,000
 * creates is half as long: its stringify and sha256 took 0.58 s, now 0.26 s.
 */
export function hashedEntry(entry: PlanEntry): object {
  if ((entry as { action?: unknown }).action !== "create") return entry;
  const { changes: _changes, ...hashed } = entry as CreateEntry;
  return hashed;
}

/** The entry as hashedEntry has it with its keys sorted at every level: what sortKeys makes of it, made faster. */
function sortedEntry(entry: PlanEntry): unknown {
  if (!hasOnly(entry, ENTRY_KEYS)) return sortKeys(hashedEntry(entry));
  const value = entry as unknown as Record<string, unknown>;
  const changes = value["action"] === "create" ? undefined : value["changes"];
  return {
    action: sortKeys(value["action"]),
    adopt: sortKeys(value["adopt"]),
    baseVersion: sortKeys(value["baseVersion"]),
    before: sortedInput(value["before"]),
    changes: Array.isArray(changes) ? changes.map(sortedChange) : sortKeys(changes),
    contactId: sortKeys(value["contactId"]),
    externalId: sortKeys(value["externalId"]),
    input: sortedInput(value["input"]),
    source: sortKeys(value["source"]),
  };
}

/** Entries are made canonical and handed to the hash this many at a time (about 80 KB of text). */
const BATCH = 64;

/**
 * The sha256 (hex) of the canonical JSON of the entries as hashedEntry has them. Every write the plan
 * would make, including the versions it was planned against, is in it: approving a hash approves exactly
 * those writes.
 * The text is made a batch of entries at a time and hashed as it comes, so it is never held whole: for
 * 100,000 creates it was one string of tens of megabytes, most of a dry run's peak memory.
 */
export function planHash(entries: readonly PlanEntry[]): string {
  const hash = createHash("sha256").update("[");
  for (let i = 0; i < entries.length; i += BATCH) {
    const text = JSON.stringify(entries.slice(i, i + BATCH).map(sortedEntry));
    // Each batch is an array: its brackets are dropped and the batches joined by commas into one array
    // (the comma apart: joined to the slice it would make a new string of the batch's text to hash).
    if (i > 0) hash.update(",");
    hash.update(text.slice(1, -1));
  }
  return hash.update("]").digest("hex");
}
