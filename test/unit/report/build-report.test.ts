import { describe, expect, it } from "vitest";
import { makePlan, type Plan } from "../../../src/plan/index.js";
import { buildReport, type ReportInput } from "../../../src/report/index.js";
import type { ExecutionResult, WriteResult } from "../../../src/write/index.js";
import { contact, desired, key, MANAGED, planInput } from "../plan/builders.js";
import { nothingDone, tripped } from "./builders.js";

/** One create (user 1), one update (user 2's title), one delete (contact 3), one unchanged (user 4). */
function plan(): Plan {
  return makePlan(
    planInput(
      [desired(1), desired(2, { title: "Boss" }), desired(4)],
      [contact(2, { version: 7 }), contact(3, { version: 2 }), contact(4)],
    ),
  );
}

function input(p: Plan, overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    mode: "dry-run",
    source: { description: "LDIF file users.ldif", users: 3, excludedDisabled: 1 },
    warnings: [{ source: "u2", field: "phoneNumbers", message: "extension dropped" }],
    skipped: [],
    plan: p,
    guard: { ok: true, approved: false, trips: [] },
    ...overrides,
  };
}

/** The executor's answer, its counts as the executor gives them (only `results` reach the report). */
function executed(p: Plan, status: (r: WriteResult["entry"]) => WriteResult): ExecutionResult {
  const results = p.entries.map(status);
  const n = (s: string): number => results.filter((r) => r.status === s).length;
  return {
    results,
    counts: {
      created: 0,
      updated: 0,
      deleted: 0,
      alreadyPresent: n("already-present"),
      alreadyGone: n("already-gone"),
      stale: n("stale"),
      failed: n("failed"),
      notAttempted: n("not-attempted"),
    },
    interrupted: n("not-attempted") > 0,
  };
}

describe("buildReport", () => {
  it("in a dry run: nothing done, the plan's counts in `planned`, every change planned with its fields old → new", () => {
    const p = plan();
    const report = buildReport(input(p));
    expect(report).toMatchObject({ version: 2, written: false, notWrittenBecause: "dry-run" });
    expect(report.summary).toEqual({
      ...nothingDone,
      unchanged: 1,
      skipped: 0,
      conflicts: 0,
      pendingDeletes: 0,
    });
    expect(report.planned).toEqual({ create: 1, update: 1, delete: 1 });
    expect(report.planHash).toBe(p.hash);
    expect(report.changes.map((c) => [c.action, c.status, c.externalId])).toEqual([
      ["create", "planned", key(1)],
      ["update", "planned", key(2)],
      ["delete", "planned", key(3)],
    ]);
    expect(report.changes[1]).toMatchObject({
      name: "First2 Last2",
      contactId: contact(2).id,
      fields: { title: { from: "Engineer", to: "Boss" } },
    });
    expect(report.changes[2]).toMatchObject({ source: null, name: "First3 Last3", fields: {} });
    expect(report.failures).toEqual([]);
    expect(report.interrupted).toBe(false);
    expect(report.warnings).toHaveLength(1);
  });

  it("gives change records that read as plain data: `fields` an own key after `name`, old → new as in the plan", () => {
    const p = makePlan(planInput([desired(1), desired(2, { title: "Boss" })], [contact(2)]));
    const [created, updated] = buildReport(input(p)).changes;
    expect(Object.keys(created ?? {})).toEqual([
      "action",
      "status",
      "externalId",
      "contactId",
      "source",
      "name",
      "fields",
    ]);
    const plain = JSON.parse(JSON.stringify(updated)) as unknown;
    expect(plain).toEqual({ ...updated });
    expect(structuredClone(updated)).toEqual(plain);
    expect(JSON.stringify(updated)).toBe(JSON.stringify({ ...updated }));
    expect(created?.fields["phoneNumbers"]).toEqual({ from: null, to: desired(1).fields.phoneNumbers });
    expect(Object.keys(created?.fields ?? {})).toEqual(MANAGED);
    expect(updated?.fields).toEqual({ title: { from: "Engineer", to: "Boss" } });
  });

  it("in an apply a guard stopped: nothing done (all 0), the plan in `planned`, every change still planned", () => {
    const report = buildReport(input(plan(), { mode: "apply", guard: tripped }));
    expect(report).toMatchObject({ mode: "apply", written: false, notWrittenBecause: "guard" });
    expect(report.summary).toMatchObject(nothingDone);
    expect(report.planned).toEqual({ create: 1, update: 1, delete: 1 });
    expect(report.changes.map((c) => c.status)).toEqual(["planned", "planned", "planned"]);
  });

  it("says when an apply had nothing to write", () => {
    const p = makePlan(planInput([desired(4)], [contact(4)]));
    const report = buildReport(input(p, { mode: "apply" }));
    expect(report).toMatchObject({ written: false, notWrittenBecause: "nothing-to-do", changes: [] });
    expect(report.planned).toEqual({ create: 0, update: 0, delete: 0 });
  });

  it("counts what was done when written: a failed write is a failure with its status, and says so in `changes`", () => {
    const p = plan();
    const written = executed(p, (entry) =>
      entry.action === "update"
        ? { entry, status: "failed", error: { message: "MBN refused", status: 400, code: 40001 } }
        : entry.action === "create"
          ? { entry, status: "ok", contact: { ...contact(1), id: "c_new" } }
          : { entry, status: "ok" },
    );
    const report = buildReport(input(p, { mode: "apply", written }));
    expect(report).toMatchObject({ written: true, notWrittenBecause: null });
    expect(report.summary).toMatchObject({ create: 1, update: 0, delete: 1, failed: 1, stale: 0 });
    expect(report.planned).toEqual({ create: 1, update: 1, delete: 1 });
    expect(report.changes.map((c) => [c.action, c.status])).toEqual([
      ["create", "done"],
      ["update", "failed"],
      ["delete", "done"],
    ]);
    expect(report.changes[0]?.contactId).toBe("c_new");
    expect(report.failures).toEqual([
      {
        action: "update",
        externalId: key(2),
        contactId: contact(2).id,
        source: desired(2).source,
        message: "MBN refused",
        status: 400,
        code: 40001,
      },
    ]);
  });

  it("reports a contact already there, one already gone and a stale one apart, none as done or failed", () => {
    const p = plan();
    const reason = "contact c0002 changed or was deleted in MBN since the plan was made";
    const written = executed(p, (entry) =>
      entry.action === "create"
        ? { entry, status: "already-present", contact: { ...contact(1), id: "c_ours" } }
        : entry.action === "update"
          ? { entry, status: "stale", error: { message: reason, status: 412, code: 41201 } }
          : { entry, status: "already-gone" },
    );
    const report = buildReport(input(p, { mode: "apply", written }));
    expect(report.summary).toMatchObject({
      ...nothingDone,
      alreadyPresent: 1,
      alreadyGone: 1,
      stale: 1,
    });
    expect(report.changes.map((c) => c.status)).toEqual(["already-present", "stale", "already-gone"]);
    expect(report.changes[0]?.contactId).toBe("c_ours");
    expect(report.changes[1]?.message).toBe(reason);
    expect(report.failures).toEqual([]);
  });

  it("reports writes never started as not attempted, not as failures, and the run as interrupted", () => {
    const p = plan();
    const written = executed(p, (entry) =>
      entry.action === "create"
        ? { entry, status: "ok", contact: contact(1) }
        : { entry, status: "not-attempted" },
    );
    const report = buildReport(input(p, { mode: "apply", written }));
    expect(report.interrupted).toBe(true);
    expect(report.summary).toMatchObject({ create: 1, update: 0, delete: 0, notAttempted: 2, failed: 0 });
    expect(report.changes.map((c) => c.status)).toEqual(["done", "not-attempted", "not-attempted"]);
    expect(report.failures).toEqual([]);
  });
});
