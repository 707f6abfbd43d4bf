import { describe, expect, it } from "vitest";
import { makePlan } from "../../../src/plan/index.js";
import type { Plan, UpdateEntry } from "../../../src/plan/index.js";
import { desired, handMade, key, planInput } from "./builders.js";

const updates = (plan: Plan): UpdateEntry[] =>
  plan.entries.filter((e): e is UpdateEntry => e.action === "update");

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

  it("neither adopts nor creates beside a contact of another tool: a conflict naming both", () => {
    const other = handMade("x1", { externalId: "hr:42", email: "user1@corp.example" });
    const plan = makePlan(planInput([desired(1), desired(2)], [other], { adopt: { matchBy: ["email"] } }));
    expect(plan.entries.map((e) => [e.action, e.externalId])).toEqual([["create", key(2)]]);
    expect(plan.conflicts).toEqual([
      {
        externalId: key(1),
        sources: ["user1"],
        contactIds: ["x1"],
        reason:
          'user1 matches contact x1 (externalId "hr:42") by email, which another tool manages; not adopted ' +
          "(two tools would fight over it) or created (the person would show twice). Settle which tool owns " +
          "this person's contact.",
      },
    ]);
    expect(other.externalId).toBe("hr:42");
  });

  it("leaves the other tool's contact alone also when a hand-made one matches too", () => {
    const other = handMade("x1", {
      externalId: "hr:42",
      phoneNumbers: [{ type: "mobile", number: "+4790000001" }],
    });
    const hand = handMade("h1", { email: "user1@corp.example" });
    const plan = makePlan(
      planInput([desired(1)], [other, hand], { adopt: { matchBy: ["email", "mobile"] } }),
    );
    expect(plan.entries).toEqual([]);
    expect(plan.conflicts.map((c) => c.contactIds)).toEqual([["x1"]]);
  });

  it("creates beside another tool's contact when adoption is not configured (nothing matches by e-mail then)", () => {
    const other = handMade("x1", { externalId: "hr:42", email: "user1@corp.example" });
    const plan = makePlan(planInput([desired(1)], [other]));
    expect(plan.entries.map((e) => e.action)).toEqual(["create"]);
    expect(plan.conflicts).toEqual([]);
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
