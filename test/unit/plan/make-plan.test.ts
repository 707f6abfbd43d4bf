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
});
