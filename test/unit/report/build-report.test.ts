import { describe, expect, it } from "vitest";
import { makePlan, type Plan } from "../../../src/plan/index.js";
import { buildReport, type ReportInput } from "../../../src/report/index.js";
import type { ExecutionResult, WriteResult } from "../../../src/write/index.js";
import { contact, desired, key, planInput } from "../plan/builders.js";

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

function executed(p: Plan, status: (r: WriteResult["entry"]) => WriteResult): ExecutionResult {
  const results = p.entries.map(status);
  const count = (s: string, a?: string): number =>
    results.filter((r) => r.status === s && (a === undefined || r.entry.action === a)).length;
  return {
    results,
    counts: {
      created: count("ok", "create"),
      updated: count("ok", "update"),
      deleted: count("ok", "delete"),
      failed: count("failed"),
      notAttempted: count("not-attempted"),
    },
    interrupted: count("not-attempted") > 0,
  };
}

describe("buildReport", () => {
  it("reports the plan's counts and changes in a dry run, each change named with its fields old → new", () => {
    const p = plan();
    const report = buildReport(input(p));
    expect(report.summary).toEqual({
      create: 1,
      update: 1,
      delete: 1,
      unchanged: 1,
      skipped: 0,
      conflicts: 0,
      failed: 0,
    });
    expect(report.planHash).toBe(p.hash);
    expect(report.changes.map((c) => [c.action, c.externalId])).toEqual([
      ["create", key(1)],
      ["update", key(2)],
      ["delete", key(3)],
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

  it("counts what was done when written: a failed write is a failure with its status, not a change", () => {
    const p = plan();
    const written = executed(p, (entry) =>
      entry.action === "update"
        ? { entry, status: "failed", error: { message: "MBN refused", status: 400, code: 40001 } }
        : entry.action === "create"
          ? { entry, status: "ok", contact: { ...contact(1), id: "c_new" } }
          : { entry, status: "ok" },
    );
    const report = buildReport(input(p, { mode: "apply", written }));
    expect(report.summary).toMatchObject({ create: 1, update: 0, delete: 1, failed: 1 });
    expect(report.changes.map((c) => c.action)).toEqual(["create", "delete"]);
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

  it("reports writes never started as not attempted, and the run as interrupted", () => {
    const p = plan();
    const written = executed(p, (entry) =>
      entry.action === "create"
        ? { entry, status: "ok", contact: contact(1) }
        : { entry, status: "not-attempted" },
    );
    const report = buildReport(input(p, { mode: "apply", written }));
    expect(report.interrupted).toBe(true);
    expect(report.failures.map((f) => f.message)).toEqual([
      "not attempted: the run was interrupted",
      "not attempted: the run was interrupted",
    ]);
  });
});
