import { describe, expect, it } from "vitest";
import { createEntry } from "../../../src/plan/create-entry.js";
import { emptyContactInput } from "../../../src/model/contact.js";
import { desired, MANAGED } from "./builders.js";

/** The create as it was made before its changes were made on reading: input and a kept list. */
const eager = (n: number, overrides = {}) => {
  const d = desired(n, overrides);
  const input = { ...emptyContactInput(), externalId: d.externalId, ...d.fields, notes: null };
  const changes = MANAGED.filter((f) => {
    const v = d.fields[f];
    return v !== null && v !== undefined && v !== "" && !(Array.isArray(v) && v.length === 0);
  }).map((field) => ({ field, from: null, to: input[field] }));
  return { action: "create", externalId: d.externalId, source: d.source, input, changes };
};

describe("createEntry", () => {
  it("reads as plain data in the entry's key order: JSON, a spread, structuredClone", () => {
    const entry = createEntry(desired(1), MANAGED);
    const plain = eager(1);
    expect(Object.keys(entry)).toEqual(["action", "externalId", "source", "input", "changes"]);
    expect(JSON.stringify(entry)).toBe(JSON.stringify(plain));
    expect({ ...entry }).toEqual(plain);
    expect(structuredClone(entry)).toEqual(plain);
  });

  it("lists only the fields it sets, in managed-field order, each `to` the value of its input", () => {
    const entry = createEntry(desired(2, { title: null, phoneNumbers: [], department: "" }), MANAGED);
    expect(entry.changes.map((c) => c.field)).toEqual([
      "firstName",
      "lastName",
      "displayName",
      "company",
      "email",
      "address",
    ]);
    for (const change of entry.changes) {
      expect(change.from).toBeNull();
      expect(change.to).toBe(entry.input[change.field as keyof typeof entry.input]);
    }
  });

  it("makes a fresh list on each reading, so a reader cannot change the entry through it", () => {
    const entry = createEntry(desired(3), MANAGED);
    entry.changes.pop();
    expect(entry.changes).toHaveLength(eager(3).changes.length);
  });
});
