import { describe, expect, it } from "vitest";
import { makePlan, rebaseEntry } from "../../../src/plan/index.js";
import type { CreateEntry, Plan, PlanEntry, UpdateEntry } from "../../../src/plan/index.js";
import { MANAGED, contact, desired, handMade, key, planInput } from "./builders.js";

function only(plan: Plan): PlanEntry {
  expect(plan.entries).toHaveLength(1);
  return plan.entries[0]!;
}

function onlyUpdate(plan: Plan): UpdateEntry {
  const entry = only(plan);
  if (entry.action !== "update") throw new Error(`expected an update, got a ${entry.action}`);
  return entry;
}

function onlyCreate(plan: Plan): CreateEntry {
  const entry = only(plan);
  if (entry.action !== "create") throw new Error(`expected a create, got a ${entry.action}`);
  return entry;
}

describe("rebaseEntry", () => {
  it("re-plans an update after a 412 against the fresh version and fresh unmanaged fields", () => {
    const update = onlyUpdate(makePlan(planInput([desired(1, { title: "Boss" })], [contact(1)])));
    const fresh = contact(1, { version: 5, notes: "edited meanwhile", department: "Sales" });
    const result = rebaseEntry(update, fresh, MANAGED);
    expect(result.kind).toBe("update");
    if (result.kind !== "update") return;
    expect(result.entry.baseVersion).toBe(5);
    expect(result.entry.input.notes).toBe("edited meanwhile");
    expect(result.entry.changes).toEqual([
      { field: "department", from: "Sales", to: "IT" },
      { field: "title", from: "Engineer", to: "Boss" },
    ]);
  });

  it("finds nothing left to do when someone already made the change", () => {
    const update = onlyUpdate(makePlan(planInput([desired(1, { title: "Boss" })], [contact(1)])));
    expect(rebaseEntry(update, contact(1, { version: 2, title: "Boss" }), MANAGED)).toEqual({
      kind: "unchanged",
    });
  });

  it("turns a create that met a 409 into an update of the existing contact", () => {
    const create = onlyCreate(makePlan(planInput([desired(1)], [])));
    const existing = contact(1, { id: "lost", version: 1, title: null });
    const result = rebaseEntry(create, existing, MANAGED);
    expect(result).toMatchObject({
      kind: "update",
      entry: { contactId: "lost", adopt: false, baseVersion: 1 },
    });
    if (result.kind === "update")
      expect(result.entry.changes).toEqual([{ field: "title", from: null, to: "Engineer" }]);
  });

  it("refuses when the contact no longer carries the planned key", () => {
    const update = onlyUpdate(makePlan(planInput([desired(1, { title: "Boss" })], [contact(1)])));
    const result = rebaseEntry(update, contact(1, { externalId: key(2) }), MANAGED);
    expect(result.kind).toBe("conflict");
  });

  it("still adopts a hand-made contact whose version moved, but not one that got another key", () => {
    const hand = handMade("h1", { email: "user1@corp.example" });
    const adopt = onlyUpdate(makePlan(planInput([desired(1)], [hand], { adopt: { matchBy: ["email"] } })));
    const moved = rebaseEntry(adopt, { ...hand, version: 3 }, MANAGED);
    expect(moved).toMatchObject({
      kind: "update",
      entry: { adopt: true, baseVersion: 3, externalId: key(1) },
    });
    expect(rebaseEntry(adopt, { ...hand, externalId: "hr:7" }, MANAGED).kind).toBe("conflict");
  });
});
