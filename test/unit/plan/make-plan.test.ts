import { describe, expect, it } from "vitest";
import { makePlan } from "../../../src/plan/index.js";
import type { CreateEntry, DeleteEntry, Plan, UpdateEntry } from "../../../src/plan/index.js";
import { contact, desired, guid, handMade, key, planInput } from "./builders.js";

const creates = (plan: Plan): CreateEntry[] =>
  plan.entries.filter((e): e is CreateEntry => e.action === "create");
const updates = (plan: Plan): UpdateEntry[] =>
  plan.entries.filter((e): e is UpdateEntry => e.action === "update");
const deletes = (plan: Plan): DeleteEntry[] =>
  plan.entries.filter((e): e is DeleteEntry => e.action === "delete");
const fields = (entry: CreateEntry | UpdateEntry): string[] => entry.changes.map((c) => c.field);

describe("makePlan: create, update, delete, unchanged", () => {
  it("creates a contact for a new user with only the managed fields and the key", () => {
    const plan = makePlan(planInput([desired(1)], []));
    expect(plan.entries).toHaveLength(1);
    const [create] = creates(plan);
    expect(create?.externalId).toBe(key(1));
    expect(create?.source).toBe("user1");
    expect(create?.input.externalId).toBe(key(1));
    expect(create?.input.email).toBe("user1@corp.example");
    expect(create?.input.notes).toBeNull();
    expect(create?.changes.every((c) => c.from === null)).toBe(true);
    expect(fields(create!)).not.toContain("notes");
    expect(plan.desiredCount).toBe(1);
    expect(plan.managedCount).toBe(0);
  });

  it("leaves out empty fields from a create's change list", () => {
    const plan = makePlan(planInput([desired(1, { title: "", address: null })], []));
    const [create] = creates(plan);
    expect(fields(create!)).not.toContain("title");
    expect(fields(create!)).not.toContain("address");
    expect(create?.input.title).toBeNull();
  });

  it("counts a contact already in step as unchanged and writes nothing", () => {
    const plan = makePlan(planInput([desired(1)], [contact(1)]));
    expect(plan.entries).toEqual([]);
    expect(plan.unchanged).toBe(1);
    expect(plan.managedCount).toBe(1);
  });

  it("updates only the field that differs, against the stored version", () => {
    const plan = makePlan(planInput([desired(1, { title: "Boss" })], [contact(1, { version: 7 })]));
    const [update] = updates(plan);
    expect(update?.changes).toEqual([{ field: "title", from: "Engineer", to: "Boss" }]);
    expect(update?.baseVersion).toBe(7);
    expect(update?.contactId).toBe("c0001");
    expect(update?.adopt).toBe(false);
    expect(update?.input.title).toBe("Boss");
  });

  it("treats a rename with new e-mail and number as an update of the same contact, not delete + create", () => {
    const renamed = desired(1, {
      firstName: "Kari",
      lastName: "Nordmann",
      displayName: "Kari Nordmann",
      email: "kari.nordmann@corp.example",
      phoneNumbers: [{ type: "mobile", number: "+4799999999" }],
    });
    const plan = makePlan(planInput([renamed], [contact(1)]));
    expect(creates(plan)).toEqual([]);
    expect(deletes(plan)).toEqual([]);
    const [update] = updates(plan);
    expect(fields(update!).sort()).toEqual(["displayName", "email", "firstName", "lastName", "phoneNumbers"]);
    expect(update?.input.phoneNumbers).toEqual([{ type: "mobile", number: "+4799999999" }]);
  });

  it("deletes the contact of a user who left the group or was disabled", () => {
    const plan = makePlan(planInput([desired(1)], [contact(1), contact(2, { version: 3 })]));
    const [del] = deletes(plan);
    expect(plan.entries).toHaveLength(1);
    expect(del).toMatchObject({ contactId: "c0002", externalId: key(2), baseVersion: 3 });
    expect(del?.before.email).toBe("user2@corp.example");
  });

  it("orders creates, then updates, then deletes, each by externalId", () => {
    const plan = makePlan(
      planInput(
        [desired(5), desired(3), desired(4, { title: "X" }), desired(2, { title: "Y" })],
        [contact(4), contact(2), contact(9), contact(7)],
      ),
    );
    expect(plan.entries.map((e) => `${e.action}:${e.externalId}`)).toEqual([
      `create:${key(3)}`,
      `create:${key(5)}`,
      `update:${key(2)}`,
      `update:${key(4)}`,
      `delete:${key(7)}`,
      `delete:${key(9)}`,
    ]);
  });
});

describe("makePlan: preserving what it does not manage", () => {
  it("sends hand-edited notes back unchanged in the PUT", () => {
    const stored = contact(1, { notes: "Prefers SMS", title: "Old" });
    const plan = makePlan(planInput([desired(1)], [stored]));
    const [update] = updates(plan);
    expect(update?.input.notes).toBe("Prefers SMS");
    expect(fields(update!)).toEqual(["title"]);
  });

  it("sends a field the mapping does not manage as stored even when the source has a value", () => {
    const input = planInput([desired(1, { company: "Other", title: "New" })], [contact(1)]);
    input.managedFields = input.managedFields.filter((f) => f !== "company");
    const [update] = updates(makePlan(input));
    expect(update?.input.company).toBe("Corp");
    expect(fields(update!)).toEqual(["title"]);
  });

  it("never touches a hand-made contact", () => {
    const plan = makePlan(planInput([], [handMade("h1", { email: "user1@corp.example" })]));
    expect(plan.entries).toEqual([]);
    expect(plan.managedCount).toBe(0);
  });

  it("never touches a contact with another prefix, even one with the same GUID", () => {
    const other = contact(1, { id: "x1", externalId: `hr:${guid(1)}`, title: "Other" });
    const plan = makePlan(planInput([desired(1)], [other]));
    expect(plan.entries.map((e) => e.action)).toEqual(["create"]);
    expect(plan.managedCount).toBe(0);
  });
});

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

describe("makePlan: adoption", () => {
  it("adopts a hand-made contact matched by e-mail (case-insensitive), setting its externalId", () => {
    const hand = handMade("h1", { email: "USER1@corp.example", notes: "desk 4" });
    const plan = makePlan(planInput([desired(1)], [hand], { adopt: { matchBy: ["email"] } }));
    const [update] = updates(plan);
    expect(plan.entries).toHaveLength(1);
    expect(update).toMatchObject({ contactId: "h1", adopt: true, externalId: key(1) });
    expect(update?.changes[0]).toEqual({ field: "externalId", from: null, to: key(1) });
    expect(update?.input.notes).toBe("desk 4");
    expect(update?.input.firstName).toBe("First1");
  });

  it("adopts a hand-made contact matched by mobile number", () => {
    const hand = handMade("h1", { phoneNumbers: [{ type: "mobile", number: "+4790000001" }] });
    const plan = makePlan(planInput([desired(1)], [hand], { adopt: { matchBy: ["mobile"] } }));
    expect(updates(plan)[0]).toMatchObject({ contactId: "h1", adopt: true });
  });

  it("does not match a mobile number against a work number", () => {
    const hand = handMade("h1", { phoneNumbers: [{ type: "work", number: "+4790000001" }] });
    const plan = makePlan(planInput([desired(1)], [hand], { adopt: { matchBy: ["mobile"] } }));
    expect(plan.entries.map((e) => e.action)).toEqual(["create"]);
  });

  it("creates instead of adopting when adoption is not configured", () => {
    const hand = handMade("h1", { email: "user1@corp.example" });
    const plan = makePlan(planInput([desired(1)], [hand]));
    expect(plan.entries.map((e) => e.action)).toEqual(["create"]);
  });

  it("never adopts a contact owned by another prefix", () => {
    const other = handMade("x1", { externalId: "hr:42", email: "user1@corp.example" });
    const plan = makePlan(planInput([desired(1)], [other], { adopt: { matchBy: ["email"] } }));
    expect(plan.entries.map((e) => e.action)).toEqual(["create"]);
  });

  it("skips a user matching several hand-made contacts and reports the conflict", () => {
    const a = handMade("h1", { email: "user1@corp.example" });
    const b = handMade("h2", { phoneNumbers: [{ type: "mobile", number: "+4790000001" }] });
    const plan = makePlan(planInput([desired(1)], [a, b], { adopt: { matchBy: ["email", "mobile"] } }));
    expect(plan.entries).toEqual([]);
    expect(plan.conflicts).toHaveLength(1);
    expect(plan.conflicts[0]).toMatchObject({
      externalId: key(1),
      sources: ["user1"],
      contactIds: ["h1", "h2"],
    });
  });

  it("skips both users when two claim the same hand-made contact", () => {
    const shared = handMade("h1", { email: "team@corp.example" });
    const plan = makePlan(
      planInput(
        [desired(1, { email: "team@corp.example" }), desired(2, { email: "team@corp.example" }), desired(3)],
        [shared],
        { adopt: { matchBy: ["email"] } },
      ),
    );
    expect(plan.entries.map((e) => `${e.action}:${e.externalId}`)).toEqual([`create:${key(3)}`]);
    expect(plan.conflicts).toEqual([
      expect.objectContaining({ sources: ["user1", "user2"], contactIds: ["h1"] }) as unknown,
    ]);
  });
});

describe("makePlan: conflicts and policies", () => {
  it("skips every user sharing a duplicate GUID and neither updates nor deletes their contact", () => {
    const plan = makePlan(
      planInput(
        [desired(1, { title: "A" }), desired(1, { title: "B" }, { source: "twin" }), desired(2)],
        [contact(1), contact(2)],
      ),
    );
    expect(plan.entries).toEqual([]);
    expect(plan.unchanged).toBe(1);
    expect(plan.conflicts).toEqual([
      expect.objectContaining({
        externalId: key(1),
        sources: ["twin", "user1"],
        contactIds: ["c0001"],
      }) as unknown,
    ]);
  });

  it("touches none of several MBN contacts sharing one externalId", () => {
    const plan = makePlan(
      planInput(
        [desired(1, { title: "New" })],
        [contact(1), contact(1, { id: "dup" }), contact(2, { id: "z" })],
      ),
    );
    expect(plan.entries.map((e) => `${e.action}:${e.externalId}`)).toEqual([`delete:${key(2)}`]);
    expect(plan.conflicts[0]).toMatchObject({
      externalId: key(1),
      sources: ["user1"],
      contactIds: ["c0001", "dup"],
    });
  });

  it("reports a desired contact whose externalId lacks the prefix and creates nothing for it", () => {
    const plan = makePlan(planInput([desired(1, {}, { externalId: guid(1) }), desired(2)], []));
    expect(plan.entries.map((e) => `${e.action}:${e.externalId}`)).toEqual([`create:${key(2)}`]);
    expect(plan.conflicts[0]?.reason).toContain('does not start with the prefix "ad:"');
  });

  it("keeps, and counts, managed contacts with no user under the keep policy", () => {
    const plan = makePlan(planInput([desired(1)], [contact(1), contact(2), contact(3)], { deletes: "keep" }));
    expect(plan.entries).toEqual([]);
    expect(plan.kept).toBe(2);
  });

  it("never deletes the contact of a user the mapping skipped (a mapping problem is not a user who left)", () => {
    const input = planInput([desired(1)], [contact(1), contact(2), contact(3)]);
    const plan = makePlan({
      ...input,
      skipped: [
        { source: "user2", reason: "no name", externalId: key(2).toUpperCase() },
        { source: "noguid", reason: "no objectGUID" },
      ],
    });
    expect(plan.entries.map((e) => `${e.action}:${e.externalId}`)).toEqual([`delete:${key(3)}`]);
    expect(plan.skippedKept).toBe(1);
  });

  it("plans no delete from an incomplete source read and counts the withheld deletes", () => {
    const plan = makePlan(
      planInput([desired(1, { title: "New" }), desired(4)], [contact(1), contact(2), contact(3)], {
        sourceComplete: false,
      }),
    );
    expect(plan.entries.map((e) => e.action)).toEqual(["create", "update"]);
    expect(plan.deletesWithheld).toBe(2);
  });
});
