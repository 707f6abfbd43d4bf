import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson, hashedEntry, makePlan, planHash, type PlanEntry } from "../../../src/plan/index.js";
import { contact, desired, handMade, planInput, shuffled } from "./builders.js";

function scenario() {
  const wanted = [
    desired(1),
    desired(2, { title: "Lead" }),
    desired(3, { email: "new3@corp.example" }),
    desired(4),
    desired(5),
    desired(6, { email: "walkin@corp.example" }),
    desired(7, { title: "Twin A" }),
    desired(7, { title: "Twin B" }, { source: "twin7" }),
  ];
  const stored = [
    contact(1),
    contact(2),
    contact(3, { notes: "keep me" }),
    contact(8),
    contact(9),
    contact(7),
    handMade("h6", { email: "WALKIN@corp.example" }),
    handMade("h-other"),
  ];
  return { wanted, stored };
}

describe("plan determinism and hash", () => {
  it("gives the same plan and hash for shuffled inputs", () => {
    const { wanted, stored } = scenario();
    const base = makePlan(planInput(wanted, stored, { adopt: { matchBy: ["email"] } }));
    expect(base.entries.map((e) => e.action)).toEqual([
      "create",
      "create",
      "update",
      "update",
      "update",
      "delete",
      "delete",
    ]);
    for (const seed of [1, 2, 3, 42, 1234]) {
      const again = makePlan(
        planInput(shuffled(wanted, seed), shuffled(stored, seed + 7), { adopt: { matchBy: ["email"] } }),
      );
      expect(again).toEqual(base);
      expect(again.hash).toBe(base.hash);
    }
  });

  it("is a sha256 hex of the canonical entries", () => {
    const { wanted, stored } = scenario();
    const plan = makePlan(planInput(wanted, stored));
    expect(plan.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(plan.hash).toBe(planHash(plan.entries));
  });

  it("is the sha256 of the canonical JSON of all the entries, however many pieces it is hashed in", () => {
    // Over 64 KiB of canonical text: hashed entry by entry in several pieces, never as one string.
    const wanted = Array.from({ length: 600 }, (_, i) => desired(100 + i, { title: `Title ${i}` }));
    const plan = makePlan(planInput(wanted, [contact(1), contact(2)]));
    const whole = canonicalJson(plan.entries.map(hashedEntry));
    expect(whole.length).toBeGreaterThan(3 * 65_536);
    expect(plan.hash).toBe(createHash("sha256").update(whole).digest("hex"));
    expect(planHash([])).toBe(createHash("sha256").update("[]").digest("hex"));
  });

  it("changes when one field of one write changes", () => {
    const { wanted, stored } = scenario();
    const before = makePlan(planInput(wanted, stored));
    const changed = wanted.map((d) => (d.source === "user2" ? desired(2, { title: "Leader" }) : d));
    const after = makePlan(planInput(changed, stored));
    expect(after.entries.length).toBe(before.entries.length);
    expect(after.hash).not.toBe(before.hash);
  });

  it("covers a create's input but not its changes, which repeat the input; an update's changes count", () => {
    const { wanted, stored } = scenario();
    const plan = makePlan(planInput(wanted, stored));
    const create = plan.entries.find((e) => e.action === "create");
    const update = plan.entries.find((e) => e.action === "update");
    if (!create || !update) throw new Error("expected a create and an update");
    expect(create.changes.length).toBeGreaterThan(0);
    expect(hashedEntry(create)).not.toHaveProperty("changes");
    const swap = (from: PlanEntry, to: PlanEntry) => plan.entries.map((e) => (e === from ? to : e));
    expect(planHash(swap(create, { ...create, changes: [] }))).toBe(plan.hash);
    expect(planHash(swap(create, { ...create, input: { ...create.input, title: "Other" } }))).not.toBe(
      plan.hash,
    );
    expect(planHash(swap(update, { ...update, changes: [] }))).not.toBe(plan.hash);
  });

  it("changes when the version a write was planned against changes", () => {
    const { wanted, stored } = scenario();
    const before = makePlan(planInput(wanted, stored));
    const bumped = stored.map((c) => (c.id === "c0009" ? { ...c, version: c.version + 1 } : c));
    expect(makePlan(planInput(wanted, bumped)).hash).not.toBe(before.hash);
  });

  it("does not depend on the order of object keys", () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
    expect(canonicalJson({ a: [2, 1] })).not.toBe(canonicalJson({ a: [1, 2] }));
  });
});
