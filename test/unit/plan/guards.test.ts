import { describe, expect, it } from "vitest";
import { checkGuards, makePlan } from "../../../src/plan/index.js";
import type { GuardInput, Plan } from "../../../src/plan/index.js";
import { contact, desired, planInput } from "./builders.js";

/** A plan over `managed` managed contacts of which the last `deleting` have left the source. */
function planDeleting(managed: number, deleting: number): Plan {
  const stored = Array.from({ length: managed }, (_, i) => contact(i + 1));
  const wanted = Array.from({ length: managed - deleting }, (_, i) => desired(i + 1));
  return makePlan(planInput(wanted, stored));
}

function guards(plan: Plan, extra: Partial<GuardInput> = {}) {
  return checkGuards({ plan, maxDeletes: 50, maxDeletePercent: 10, ...extra });
}

const names = (r: ReturnType<typeof checkGuards>): string[] => r.trips.map((t) => t.guard);

describe("checkGuards", () => {
  it("passes a plan within every limit", () => {
    const result = guards(planDeleting(100, 3));
    expect(result).toEqual({ ok: true, trips: [], approved: false });
  });

  it.each([
    [5, true],
    [6, false],
  ])("max-deletes 5 with %i deletes: ok=%s", (deleting, ok) => {
    const result = guards(planDeleting(1000, deleting), { maxDeletes: 5, maxDeletePercent: 100 });
    expect(result.ok).toBe(ok);
    expect(names(result)).toEqual(ok ? [] : ["max-deletes"]);
    if (!ok) {
      expect(result.trips[0]?.message).toContain("6 contacts");
      expect(result.trips[0]?.message).toContain("sync.maxDeletes (5)");
      expect(result.trips[0]?.message).toContain("mbn-ad-sync plan");
      expect(result.trips[0]?.message).toContain("--approve-deletes");
    }
  });

  it.each([
    [10, true],
    [11, false],
  ])("max-delete-percent 10 %% of 100 managed with %i deletes: ok=%s", (deleting, ok) => {
    const result = guards(planDeleting(100, deleting), { maxDeletes: 1000, maxDeletePercent: 10 });
    expect(result.ok).toBe(ok);
    expect(names(result)).toEqual(ok ? [] : ["max-delete-percent"]);
    if (!ok) expect(result.trips[0]?.message).toContain("11 of 100 managed contacts (11.0 %)");
  });

  it("uses exact arithmetic: 1 of 3 is over 33 % but not over 34 %", () => {
    expect(names(guards(planDeleting(3, 1), { maxDeletePercent: 33 }))).toEqual(["max-delete-percent"]);
    expect(names(guards(planDeleting(3, 1), { maxDeletePercent: 34 }))).toEqual([]);
  });

  it("never trips the percent guard when nothing is managed yet", () => {
    const plan = makePlan(planInput([desired(1)], []));
    expect(guards(plan, { maxDeletePercent: 0 }).ok).toBe(true);
  });

  it.each([
    [90, true],
    [89, false],
  ])("shrink from 100 users to %i with maxDeletePercent 10: ok=%s", (now, ok) => {
    const plan = makePlan(
      planInput(
        Array.from({ length: now }, (_, i) => desired(i + 1)),
        [],
      ),
    );
    const result = guards(plan, { previousDesiredCount: 100 });
    expect(result.ok).toBe(ok);
    expect(names(result)).toEqual(ok ? [] : ["shrink"]);
    if (!ok) expect(result.trips[0]?.message).toContain("11 fewer than the 100");
  });

  it("lets max-deletes, percent and shrink through with the plan's own hash", () => {
    const plan = planDeleting(100, 60);
    const stopped = guards(plan, { previousDesiredCount: 100 });
    expect(names(stopped)).toEqual(["max-deletes", "max-delete-percent", "shrink"]);
    expect(stopped.trips[0]?.message).toContain(`--approve-deletes ${plan.hash}`);
    expect(guards(plan, { previousDesiredCount: 100, approvedHash: plan.hash })).toEqual({
      ok: true,
      trips: [],
      approved: true,
    });
  });

  it("approves nothing with a wrong hash and says the plan changed", () => {
    const plan = planDeleting(100, 60);
    const stale = planDeleting(100, 59).hash;
    const result = guards(plan, { approvedHash: stale });
    expect(result.ok).toBe(false);
    expect(result.approved).toBe(false);
    expect(names(result)).toEqual(["max-deletes", "max-delete-percent"]);
    expect(result.trips[0]?.message).toContain("the plan changed since it was approved");
  });
});
