import { describe, expect, it } from "vitest";
import { makePlan } from "../../../src/plan/index.js";
import { buildReport, renderJson, renderText } from "../../../src/report/index.js";
import { contact, desired, key, planInput } from "../plan/builders.js";

/** Users 1 and 3 of 3 in scope; user 2 missing since a day, with a grace period of 3 days. */
function report() {
  const plan = makePlan({
    ...planInput([desired(1), desired(3)], [contact(1), contact(2), contact(3)], {
      deleteAfterMs: 3 * 86_400_000,
    }),
    missingSince: [{ externalId: key(2), since: "2026-11-25T10:00:00.000Z" }],
    now: "2026-11-26T10:00:00.000Z",
  });
  return buildReport({
    mode: "apply",
    source: { description: "LDIF file users.ldif", users: 2, excludedDisabled: 0 },
    warnings: [],
    skipped: [],
    plan,
    guard: { ok: true, approved: false, trips: [] },
  });
}

describe("pending deletes (sync.deleteAfter) in the report", () => {
  it("lists them in JSON with a count, and not as changes", () => {
    const r = report();
    expect(r.pendingDeletes).toEqual([
      {
        externalId: key(2),
        contactId: "c0002",
        name: "First2 Last2",
        missingSince: "2026-11-25T10:00:00.000Z",
        due: "2026-11-28T10:00:00.000Z",
      },
    ]);
    expect(r.summary.pendingDeletes).toBe(1);
    expect(r.changes).toEqual([]);
    expect(r.planned).toEqual({ create: 0, update: 0, delete: 0 });
    expect(JSON.parse(renderJson(r))).toMatchObject({ pendingDeletes: r.pendingDeletes });
  });

  it("lists them in text as pending delete since … (due …), not under --quiet", () => {
    const text = renderText(report(), { verbose: false });
    expect(text).toContain(
      "Pending deletes (1), kept until sync.deleteAfter has passed:\n" +
        `  ⧖ First2 Last2 (contact c0002)  ${key(2)}: pending delete since 2026-11-25T10:00:00.000Z ` +
        "(due 2026-11-28T10:00:00.000Z)",
    );
    expect(renderText(report(), { verbose: false, quiet: true })).not.toContain("Pending deletes");
  });
});
