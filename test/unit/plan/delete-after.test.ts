import { describe, expect, it } from "vitest";
import { checkGuards, makePlan, readPlanFile, writePlanFile } from "../../../src/plan/index.js";
import type { MissingSince, Plan, PlanInput } from "../../../src/plan/index.js";
import { FAKE_START, FakeClock } from "../../helpers/fake-clock.js";
import { contact, desired, key, planInput } from "./builders.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * A sequence of runs over one MBN directory: each run plans from the contacts now in MBN and the list the
 * last run kept, "applies" its deletes, and keeps the plan's list, as the engine does with state.json.
 */
class Runs {
  readonly clock = new FakeClock();
  contacts = Array.from({ length: 20 }, (_, i) => contact(i + 1));
  missingSince: MissingSince[] = [];

  constructor(private readonly deleteAfterMs: number) {}

  run(users: number[], extra: Partial<PlanInput> = {}): Plan {
    const plan = makePlan({
      ...planInput(
        users.map((n) => desired(n)),
        this.contacts,
        { deleteAfterMs: this.deleteAfterMs },
      ),
      missingSince: this.missingSince,
      now: this.clock.date().toISOString(),
      ...extra,
    });
    const deleted = new Set(plan.entries.filter((e) => e.action === "delete").map((e) => e.contactId));
    this.contacts = this.contacts.filter((c) => !deleted.has(c.id));
    this.missingSince = plan.missingSince ?? [];
    return plan;
  }
}

const everyoneBut = (...gone: number[]): number[] =>
  Array.from({ length: 20 }, (_, i) => i + 1).filter((n) => !gone.includes(n));
const deletesOf = (plan: Plan): string[] =>
  plan.entries.filter((e) => e.action === "delete").map((e) => e.externalId);
const iso = (ms: number): string => new Date(ms).toISOString();

describe("sync.deleteAfter: a grace period before deletes", () => {
  it("keeps a leaver's contact as a pending delete until the period has passed, then deletes it", () => {
    const runs = new Runs(3 * DAY);
    const first = runs.run(everyoneBut(7));
    expect(deletesOf(first)).toEqual([]);
    expect(first.pendingDeletes).toEqual([
      {
        externalId: key(7),
        contactId: "c0007",
        name: "First7 Last7",
        missingSince: iso(FAKE_START),
        due: iso(FAKE_START + 3 * DAY),
      },
    ]);
    expect(first.entries).toEqual([]);

    runs.clock.advance(3 * DAY - 1);
    const almost = runs.run(everyoneBut(7));
    expect(deletesOf(almost)).toEqual([]);
    // the date of the first run that found the user missing is kept, not moved on
    expect(almost.pendingDeletes?.[0]).toMatchObject({ missingSince: iso(FAKE_START) });

    runs.clock.advance(1);
    const due = runs.run(everyoneBut(7));
    expect(deletesOf(due)).toEqual([key(7)]);
    expect(due.pendingDeletes).toEqual([]);

    runs.clock.advance(HOUR);
    const after = runs.run(everyoneBut(7));
    expect(after.entries).toEqual([]);
    expect(after.missingSince).toEqual([]);
  });

  it("cancels silently when the user comes back, and starts afresh if the user leaves again", () => {
    const runs = new Runs(DAY);
    runs.run(everyoneBut(3));
    runs.clock.advance(20 * HOUR);
    const back = runs.run(everyoneBut());
    expect(back.entries).toEqual([]);
    expect(back.pendingDeletes).toEqual([]);
    expect(back.missingSince).toEqual([]);

    runs.clock.advance(10 * HOUR);
    const again = runs.run(everyoneBut(3));
    expect(again.pendingDeletes?.[0]).toMatchObject({
      missingSince: iso(FAKE_START + 30 * HOUR),
      due: iso(FAKE_START + 54 * HOUR),
    });
  });

  it("starts the clock again when the list is lost (a state reset): never deletes early", () => {
    const runs = new Runs(DAY);
    runs.run(everyoneBut(5));
    runs.clock.advance(DAY);
    runs.missingSince = []; // state.json lost or reset
    const after = runs.run(everyoneBut(5));
    expect(deletesOf(after)).toEqual([]);
    expect(after.pendingDeletes?.[0]).toMatchObject({ missingSince: iso(FAKE_START + DAY) });
  });

  it("counts a date after now (a clock set back) from now", () => {
    const runs = new Runs(DAY);
    runs.missingSince = [{ externalId: key(5), since: iso(FAKE_START + 10 * DAY) }];
    const plan = runs.run(everyoneBut(5));
    expect(plan.pendingDeletes?.[0]).toMatchObject({ missingSince: iso(FAKE_START) });
  });

  it("matches the saved list case-insensitively, as keys are", () => {
    const runs = new Runs(DAY);
    runs.missingSince = [{ externalId: key(5).toUpperCase(), since: iso(FAKE_START - DAY) }];
    expect(deletesOf(runs.run(everyoneBut(5)))).toEqual([key(5)]);
  });

  it("guards count only the deletes due in this run; a shrink with nothing due only warns", () => {
    const runs = new Runs(7 * DAY);
    const limits = {
      maxDeletes: 5,
      maxDeletePercent: 10,
      minDeletesForPercentGuard: 3,
      deletes: "delete" as const,
    };
    // a group emptied by mistake: 15 of 20 gone
    const emptied = runs.run([1, 2, 3, 4, 5]);
    expect(emptied.pendingDeletes).toHaveLength(15);
    const first = checkGuards({ plan: emptied, ...limits, previousDesiredCount: 20, pendingDeletes: 15 });
    expect(first.ok).toBe(true);
    expect(first.warnings.map((w) => w.guard)).toEqual(["shrink"]);
    expect(first.warnings[0]?.message).toContain("Nothing is deleted before sync.deleteAfter has passed");

    runs.clock.advance(7 * DAY);
    const due = runs.run([1, 2, 3, 4, 5]);
    expect(deletesOf(due)).toHaveLength(15);
    const guard = checkGuards({ plan: due, ...limits, previousDesiredCount: 5, pendingDeletes: 0 });
    expect(guard.trips.map((t) => t.guard)).toEqual(["max-deletes", "max-delete-percent"]);
  });

  it("records nothing with deleteAfter 0 or with deletes kept, and never for a skipped user", () => {
    const at = new Runs(0);
    expect(deletesOf(at.run(everyoneBut(2)))).toEqual([key(2)]);
    expect(at.missingSince).toEqual([]);

    const keep = new Runs(DAY);
    const kept = keep.run(everyoneBut(2), {
      options: { prefix: "ad:", deletes: "keep", deleteAfterMs: DAY },
    });
    expect(kept).toMatchObject({ kept: 1, pendingDeletes: [], missingSince: [] });

    const skip = new Runs(DAY);
    const skipped = skip.run(everyoneBut(2), {
      skipped: [{ source: "user2", externalId: key(2), reason: "no name" }],
    });
    expect(skipped).toMatchObject({ skippedKept: 1, pendingDeletes: [], missingSince: [] });
  });

  it("does not let the pending deletes change the plan hash", () => {
    const runs = new Runs(DAY);
    const without = makePlan(
      planInput(
        everyoneBut().map((n) => desired(n)),
        runs.contacts,
      ),
    );
    const pending = runs.run(everyoneBut(4));
    expect(pending.entries).toEqual([]);
    expect(pending.hash).toBe(without.hash);
  });
});

describe("pending deletes in a saved plan", () => {
  it("are written to the plan file and read back as they were", () => {
    const runs = new Runs(DAY);
    const plan = runs.run(everyoneBut(9));
    expect(plan.pendingDeletes).toHaveLength(1);
    const text = writePlanFile({
      createdAt: iso(FAKE_START),
      configFingerprint: "c",
      mappingFingerprint: "m",
      prefix: "ad:",
      managedFields: [],
      plan,
    });
    expect(readPlanFile(text, "plan.json").plan).toEqual(plan);
  });
});
