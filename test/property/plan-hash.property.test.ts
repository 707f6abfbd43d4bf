import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MANAGEABLE_FIELDS, type ManagedValues } from "../../src/model/contact.js";
import { createChanges, createEntry } from "../../src/plan/create-entry.js";
import { isEmpty } from "../../src/plan/normalize.js";
import { canonicalJson, hashedEntry, planHash, type PlanEntry } from "../../src/plan/index.js";
import { runs } from "./settings.js";

/**
 * Keys no shape lists, among them the awkward ones: an index-like key (enumerated before the others),
 * keys of Object.prototype, and "__proto__" as JSON.parse makes it (an own key).
 */
const extraKey = fc.oneof(
  fc.constantFrom("zz", "a", "10", "9", "__proto__", "constructor", "toString", "Action", ""),
  fc.string(),
);

/** Any JSON-like value, undefined included (left out of objects, null in arrays). */
const anyValue = fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.object());

/**
 * An object of a known shape, as plain data: each listed key present or not, sometimes undefined or of
 * another type, sometimes with keys the shape does not list, the keys in any order.
 */
function shaped(shape: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const member = ([key, value]: [string, fc.Arbitrary<unknown>]) =>
    fc.option(fc.tuple(fc.constant(key), fc.oneof({ weight: 6, arbitrary: value }, anyValue)), {
      freq: 8,
      nil: null,
    });
  return fc
    .record({
      known: fc.tuple(...Object.entries(shape).map(member)),
      extra: fc.oneof(
        { weight: 4, arbitrary: fc.constant([]) },
        fc.array(fc.tuple(extraKey, anyValue), { maxLength: 2 }),
      ),
      seed: fc.nat(),
    })
    .map(({ known, extra, seed }) => {
      const members = [...known.filter((m) => m !== null), ...extra];
      const order = members.map((m, i) => [(i * 7919 + seed) % 101, m] as const);
      order.sort((a, b) => a[0] - b[0]);
      return Object.fromEntries(order.map(([, m]) => m));
    });
}

const text = fc.oneof(fc.constant(null), fc.string(), fc.constantFrom("Kåre", 'a"b\\c', "\u0000\ud800👋"));
const phoneShape = { type: fc.constantFrom("mobile" as const, "work" as const), number: fc.string() };
const addressShape = { street: text, postalCode: text, city: text, country: text };
/** The text fields of a contact's input but its key: each any text, or null. */
const textFields = {
  firstName: text,
  lastName: text,
  displayName: text,
  company: text,
  department: text,
  title: text,
  email: text,
  notes: text,
};
const phone = shaped(phoneShape);
const address = shaped(addressShape);
const input = shaped({
  externalId: text,
  ...textFields,
  phoneNumbers: fc.array(phone, { maxLength: 3 }),
  address: fc.oneof(fc.constant(null), address),
});
const field = fc.constantFrom("title", "phoneNumbers", "address", "externalId");
const value = fc.oneof(text, fc.array(phone, { maxLength: 2 }), address, anyValue);
const change = shaped({ field, from: value, to: value });
const entry = shaped({
  action: fc.constantFrom("create", "update", "delete"),
  contactId: fc.string(),
  externalId: fc.string(),
  source: fc.string(),
  baseVersion: fc.integer(),
  input,
  before: input,
  changes: fc.array(change, { maxLength: 4 }),
  adopt: fc.boolean(),
});

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");
/** The hash's definition: sortKeys' copies of the entries as hashedEntry has them, as one text. */
const reference = (entries: readonly PlanEntry[]): string => sha256(canonicalJson(entries.map(hashedEntry)));

const managedValues = fc.record(
  {
    ...textFields,
    phoneNumbers: fc.array(fc.record(phoneShape), { maxLength: 3 }),
    address: fc.oneof(fc.constant(null), fc.record(addressShape)),
  },
  { requiredKeys: [] },
);
/** Creates as the planner makes them, of any desired values and managed fields. */
const create = fc
  .record({
    fields: managedValues,
    managed: fc.subarray([...MANAGEABLE_FIELDS]),
    externalId: fc.string(),
    source: fc.string(),
  })
  .map(({ fields, managed, externalId, source }) => ({
    fields,
    managed,
    entry: createEntry({ externalId, source, fields }, managed),
  }));

describe("planHash", () => {
  it("is the sha256 of canonicalJson (keys sorted through copies) of hashedEntry for any entries, known shapes or not", () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 70 }), (entries) => {
        const plain = entries as unknown as PlanEntry[];
        expect(planHash(plain)).toBe(reference(plain));
      }),
      runs(400),
    );
  });

  it("is the same for the creates createEntry makes (changes made by a getter), among other entries", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            create.map((c) => c.entry),
            entry,
          ),
          { maxLength: 70 },
        ),
        (entries) => {
          const mixed = entries as unknown as PlanEntry[];
          expect(planHash(mixed)).toBe(reference(mixed));
        },
      ),
      runs(300),
    );
  });

  it("leaves out only what the input says: a create's changes, made from its input, are the fields its desired values set", () => {
    fc.assert(
      fc.property(create, ({ fields, managed, entry }) => {
        const set = managed.filter((field) => !isEmpty(field, (fields as ManagedValues)[field]));
        const expected = set.map((field) => ({ field, from: null, to: entry.input[field] }));
        expect(entry.changes).toEqual(expected);
        expect(createChanges(entry.input, managed)).toEqual(expected);
      }),
      runs(500),
    );
  });
});
