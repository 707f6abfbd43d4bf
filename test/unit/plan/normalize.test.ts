import { describe, expect, it } from "vitest";
import { makePlan } from "../../../src/plan/index.js";
import type { Plan, UpdateEntry } from "../../../src/plan/index.js";
import { contact, desired, key, planInput } from "./builders.js";

const updates = (plan: Plan): UpdateEntry[] =>
  plan.entries.filter((e): e is UpdateEntry => e.action === "update");

describe("makePlan: formatting never flaps", () => {
  it("does not count reordered phone numbers as a change", () => {
    const stored = contact(1);
    const plan = makePlan(
      planInput([desired(1, { phoneNumbers: [...stored.phoneNumbers].reverse() })], [stored]),
    );
    expect(plan.entries).toEqual([]);
    expect(plan.unchanged).toBe(1);
  });

  it("does not count e-mail case as a change", () => {
    const plan = makePlan(planInput([desired(1)], [contact(1, { email: "User1@Corp.Example" })]));
    expect(plan.entries).toEqual([]);
  });

  it("keeps the stored spelling of an e-mail that differs only in case when another field changes", () => {
    const plan = makePlan(
      planInput([desired(1, { title: "New" })], [contact(1, { email: "User1@Corp.Example" })]),
    );
    expect(updates(plan)[0]?.input.email).toBe("User1@Corp.Example");
  });

  it.each([
    ["null in MBN, empty in the source", { title: null }, { title: "" }],
    ["empty in MBN, null in the source", { title: "" }, { title: null }],
    ["empty in MBN, absent in the source", { title: "" }, { title: undefined }],
    [
      "an address of nulls vs none",
      { address: { street: null, postalCode: null, city: null, country: null } },
      { address: null },
    ],
    [
      "no address vs an address of empty strings",
      { address: null },
      { address: { street: "", postalCode: "", city: "", country: "" } },
    ],
  ] as const)("does not count %s as a change", (_name, stored, wanted) => {
    const plan = makePlan(planInput([desired(1, wanted)], [contact(1, stored)]));
    expect(plan.entries).toEqual([]);
    expect(plan.unchanged).toBe(1);
  });

  it("clears a managed field the source no longer has", () => {
    const plan = makePlan(planInput([desired(1, { title: undefined })], [contact(1)]));
    expect(updates(plan)[0]?.changes).toEqual([{ field: "title", from: "Engineer", to: null }]);
  });

  it("treats an upper-case GUID in MBN as the same key and normalises it", () => {
    const stored = contact(1, { externalId: key(1).toUpperCase().replace("AD:", "ad:") });
    const plan = makePlan(planInput([desired(1)], [stored]));
    const [update] = updates(plan);
    expect(plan.entries).toHaveLength(1);
    expect(update?.changes).toEqual([{ field: "externalId", from: stored.externalId, to: key(1) }]);
    expect(update?.input.externalId).toBe(key(1));
  });
});
