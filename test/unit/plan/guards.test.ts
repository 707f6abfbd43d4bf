import { describe, expect, it } from "vitest";
import { checkGuards, makePlan, readApproval } from "../../../src/plan/index.js";
import { ExitCode } from "../../../src/model/exit-code.js";
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
    expect(result).toEqual({ ok: true, trips: [], warnings: [], approved: false });
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
    expect(stopped.trips[0]?.message).toContain(`--approve-deletes ${plan.hash.slice(0, 12)}\``);
    expect(guards(plan, { previousDesiredCount: 100, approvedHash: plan.hash })).toEqual({
      ok: true,
      trips: [],
      warnings: [],
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

describe("the shrink guard with sync.deletes: keep", () => {
  /** 100 users at the last good run, 80 now; their contacts stay, as deletes are kept. */
  function shrunkKeeping(): Plan {
    const stored = Array.from({ length: 100 }, (_, i) => contact(i + 1));
    const wanted = Array.from({ length: 80 }, (_, i) => desired(i + 1));
    return makePlan(planInput(wanted, stored, { deletes: "keep" }));
  }

  it("warns and lets the run go on: nothing is deleted", () => {
    const result = guards(shrunkKeeping(), { previousDesiredCount: 100, deletes: "keep" });
    expect(result.ok).toBe(true);
    expect(result.trips).toEqual([]);
    expect(result.warnings).toEqual([
      {
        guard: "shrink",
        message:
          "The source now yields 80 users, 20 fewer than the 100 of the last good run (20.0 %, more than " +
          "sync.maxDeletePercent 10 %). Check the source filter, group and base DNs. Nothing is deleted " +
          "(sync.deletes: keep), so the run goes on.",
      },
    ]);
  });

  it("still stops with deletes on", () => {
    const result = guards(planDeleting(100, 20), { previousDesiredCount: 100, deletes: "delete" });
    expect(names(result)).toEqual(["max-delete-percent", "shrink"]);
    expect(result.warnings).toEqual([]);
  });
});

describe("approval by a prefix of the plan hash", () => {
  const plan = planDeleting(100, 60);
  const short = plan.hash.slice(0, 12);

  it.each([
    ["the 12 characters the summary line prints", short],
    ["the same in upper case", short.toUpperCase()],
    ["a longer prefix", plan.hash.slice(0, 20)],
    ["the whole hash", plan.hash],
    ["the printed form with spaces around it", ` ${short} `],
  ])("lets the plan through with %s", (_name, given) => {
    expect(guards(plan, { approvedHash: readApproval(given) })).toMatchObject({ ok: true, approved: true });
  });

  it("refuses a prefix of another plan, showing the 12 characters this plan accepts", () => {
    const other = planDeleting(100, 59).hash.slice(0, 12);
    const result = guards(plan, { approvedHash: readApproval(other) });
    expect(result).toMatchObject({ ok: false, approved: false });
    expect(result.trips[0]?.message).toContain(
      `The approved hash ${other} does not match this plan (${short}): the plan changed since it was approved.`,
    );
    expect(result.trips[0]?.message).not.toContain(plan.hash);
  });

  it.each([
    ["11 characters", plan.hash.slice(0, 11), /needs at least 12 characters of the plan hash.*has 11/],
    ["an empty value", "", /needs at least 12 characters/],
    ["a value that is not hexadecimal", "plan-abcdef123456", /\(hexadecimal\), not "plan-abcdef123456"/],
  ])("refuses %s as a usage error (exit 64)", (_name, given, message) => {
    expect(() => readApproval(given)).toThrow(message);
    expect(() => readApproval(given)).toThrow(expect.objectContaining({ exitCode: ExitCode.usage }));
  });
});

describe("the percentage guards' floor and base (sync.minDeletesForPercentGuard)", () => {
  /** The defaults of the configuration: 50 deletes, 10 %, from 10 deletes on. */
  const defaults = { maxDeletes: 50, maxDeletePercent: 10, minDeletesForPercentGuard: 10 };

  /** `managed` contacts of which the first `kept` still have their user, and `created` new users. */
  function planOf(managed: number, kept: number, created: number): Plan {
    const stored = Array.from({ length: managed }, (_, i) => contact(i + 1));
    const staying = Array.from({ length: kept }, (_, i) => desired(i + 1));
    const added = Array.from({ length: created }, (_, i) => desired(100_000 + i));
    return makePlan(planInput([...staying, ...added], stored));
  }

  it("lets the leaver of a five-person company go (1 of 5 is 20 %, but below the floor)", () => {
    const result = checkGuards({ plan: planOf(5, 4, 0), previousDesiredCount: 5, ...defaults });
    expect(result).toEqual({ ok: true, trips: [], warnings: [], approved: false });
  });

  it("lets a first sync through that creates 960 and deletes the 2 stale managed contacts", () => {
    const plan = planOf(2, 0, 960);
    expect(plan.entries.filter((e) => e.action === "delete")).toHaveLength(2);
    expect(checkGuards({ plan, ...defaults }).ok).toBe(true);
    // 2 of max(2, 960) is 0.2 %: it passes on the percentage alone, without the floor
    expect(checkGuards({ plan, ...defaults, minDeletesForPercentGuard: 0 }).ok).toBe(true);
  });

  it("stops 500 deletes of 960 managed contacts (52.1 %)", () => {
    const result = checkGuards({ plan: planOf(960, 460, 0), ...defaults, maxDeletes: 1000 });
    expect(names(result)).toEqual(["max-delete-percent"]);
    expect(result.trips[0]?.message).toContain(
      "The plan deletes 500 of 960 managed contacts (52.1 %), more than sync.maxDeletePercent (10 %) " +
        "and at least sync.minDeletesForPercentGuard (10).",
    );
  });

  it("stops a source that shrank from 960 users to 460, and not one that lost 1 of 5", () => {
    const shrunk = makePlan(
      planInput(
        Array.from({ length: 460 }, (_, i) => desired(i + 1)),
        [],
      ),
    );
    const stopped = checkGuards({ plan: shrunk, previousDesiredCount: 960, ...defaults });
    expect(names(stopped)).toEqual(["shrink"]);
    expect(stopped.trips[0]?.message).toContain(
      "460 users, 500 fewer than the 960 of the last good run (52.1 %, more than sync.maxDeletePercent 10 % " +
        "and at least sync.minDeletesForPercentGuard (10))",
    );
    const small = makePlan(
      planInput(
        Array.from({ length: 4 }, (_, i) => desired(i + 1)),
        [],
      ),
    );
    expect(checkGuards({ plan: small, previousDesiredCount: 5, ...defaults }).ok).toBe(true);
  });

  it.each([
    [9, true],
    [10, false],
  ])("applies the percentage from the floor on: %i deletes of 20 with a floor of 10: ok=%s", (n, ok) => {
    expect(checkGuards({ plan: planOf(20, 20 - n, 0), ...defaults }).ok).toBe(ok);
    const shrunk = makePlan(
      planInput(
        Array.from({ length: 20 - n }, (_, i) => desired(i + 1)),
        [],
      ),
    );
    expect(checkGuards({ plan: shrunk, previousDesiredCount: 20, ...defaults }).ok).toBe(ok);
  });

  it("takes the share of the desired count when it is the larger, and says so", () => {
    // 30 deletes of 100 managed: 30 % of the managed, but 3 % of the 1000 users in scope after the run
    expect(checkGuards({ plan: planOf(100, 70, 930), ...defaults }).ok).toBe(true);
    const result = checkGuards({ plan: planOf(100, 70, 130), ...defaults });
    expect(names(result)).toEqual(["max-delete-percent"]);
    expect(result.trips[0]?.message).toContain(
      "The plan deletes 30 of 200 contacts (the users in scope, more than the 100 managed now) (15.0 %)",
    );
  });

  it("keeps the count guard without a floor", () => {
    const result = checkGuards({ plan: planOf(5, 4, 0), ...defaults, maxDeletes: 0 });
    expect(names(result)).toEqual(["max-deletes"]);
  });
});
