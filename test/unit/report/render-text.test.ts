import { describe, expect, it } from "vitest";
import { renderText } from "../../../src/report/index.js";
import type { ChangeRecord } from "../../../src/report/index.js";
import { syncReport as report } from "./builders.js";

function create(i: number, status: ChangeRecord["status"] = "planned"): ChangeRecord {
  return {
    action: "create",
    status,
    externalId: `ad:${i}`,
    contactId: null,
    source: `user${i}`,
    name: `User ${i}`,
    fields: { displayName: { from: null, to: `User ${i}` } },
  };
}

function deletion(i: number, status: ChangeRecord["status"]): ChangeRecord {
  return {
    action: "delete",
    status,
    externalId: `ad:${i}`,
    contactId: `c${i}`,
    source: null,
    name: null,
    fields: {},
  };
}

describe("renderText", () => {
  it("says what a dry run would do, with old → new for updates", () => {
    const text = renderText(
      report({
        changes: [
          create(1),
          {
            action: "update",
            status: "planned",
            externalId: "ad:2",
            contactId: "c2",
            source: "kari",
            name: "Kari Nordmann",
            fields: { title: { from: "Konsulent", to: "Seniorkonsulent" } },
          },
          deletion(3, "planned"),
        ],
      }),
      { verbose: false },
    );
    expect(text.split("\n")[0]).toBe("Dry run: nothing is written to MBN.");
    expect(text).toContain("Would create 1 contact:");
    expect(text).toContain("+ User 1 (user1)  ad:1");
    expect(text).toContain("Would update 1 contact:");
    expect(text).toContain("~ Kari Nordmann (kari)  ad:2");
    expect(text).toContain('title: "Konsulent" → "Seniorkonsulent"');
    expect(text).toContain("Would delete 1 contact:");
    expect(text).toContain("- (contact c3)  ad:3");
    expect(text).toContain("1 disabled left out");
    expect(text).toMatch(/Plan abababababab: would create 1, update 1, delete 1; 3 unchanged/);
  });

  it("speaks in the past tense after an apply", () => {
    const text = renderText(report({ mode: "apply", changes: [create(1, "done")] }), { verbose: false });
    expect(text).toContain("Created 1 contact:");
    expect(text).toContain("created 1, updated 0, deleted 0");
    expect(text).not.toContain("Dry run");
  });

  it("cuts long lists at the limit unless verbose", () => {
    const changes = Array.from({ length: 25 }, (_, i) => create(i));
    const short = renderText(report({ changes }), { verbose: false, limit: 20 });
    expect(short).toContain("… and 5 more (--verbose shows all)");
    expect(short).not.toContain("(user24)");
    const all = renderText(report({ changes }), { verbose: true, limit: 20 });
    expect(all).toContain("(user24)");
    expect(all).not.toContain("more (--verbose");
  });

  it("says when everything is in step", () => {
    expect(renderText(report(), { verbose: false })).toContain(
      "MBN is in step with the directory: nothing to do.",
    );
  });

  it("in a run a guard stopped, leads with why nothing was written and says Would … throughout", () => {
    const changes = Array.from({ length: 10 }, (_, i) => deletion(i, "planned"));
    const text = renderText(
      report({
        mode: "apply",
        written: false,
        notWrittenBecause: "guard",
        changes,
        guard: {
          ok: false,
          approved: false,
          trips: [{ guard: "max-deletes", message: "10 deletes exceed sync.maxDeletes (5)" }],
        },
      }),
      { verbose: false },
    );
    expect(text.split("\n")[0]).toBe("Nothing was written to MBN: a guard stopped the run.");
    expect(text).toContain("Would delete 10 contacts:");
    expect(text).not.toMatch(/Deleted|deleted \d/);
    expect(text).toContain("Stopped before writing anything:");
    expect(text).toContain("✗ 10 deletes exceed sync.maxDeletes (5)");
    expect(text).toMatch(
      /Plan abababababab: nothing written; would create 0, update 0, delete 10; 3 unchanged/,
    );
    expect(text).not.toContain("nothing to do");
  });

  it("after an apply, lists what was done, already there, stale and not attempted apart, none under Failed", () => {
    const stale: ChangeRecord = {
      ...create(4, "stale"),
      action: "update",
      contactId: "c4",
      message: "contact c4 changed or was deleted in MBN since the plan was made",
    };
    const text = renderText(
      report({
        mode: "apply",
        interrupted: true,
        changes: [create(1, "done"), create(2, "already-present"), stale, deletion(5, "already-gone")].concat(
          [create(6, "not-attempted"), create(7, "not-attempted")],
        ),
      }),
      { verbose: false },
    );
    expect(text).not.toContain("Dry run");
    expect(text).not.toContain("Would");
    expect(text).toContain("Created 1 contact:\n  + User 1 (user1)  ad:1\n");
    expect(text).toContain(
      "Already in MBN as planned, nothing written (1):\n  = create User 2 (user2)  ad:2",
    );
    expect(text).toContain("Already gone from MBN, nothing deleted (1):\n  = (contact c5)  ad:5");
    expect(text).toContain(
      "Not written, changed in MBN since the plan (1):\n" +
        "  ≠ update User 4 (user4) ad:4: contact c4 changed or was deleted in MBN since the plan was made",
    );
    expect(text).toContain("Not attempted, the run was interrupted (2):\n  · create User 6 (user6)  ad:6");
    expect(text).not.toContain("Failed");
    expect(text).toContain(
      "Plan abababababab: created 1, updated 0, deleted 0, 1 already present, 1 already gone, " +
        "1 not written (changed in MBN since the plan), 2 not attempted (interrupted); " +
        "3 unchanged, 0 skipped, 0 conflicts, 0 failed.",
    );
  });

  it("shows the warnings of a guard that does not stop the run, even in quiet mode", () => {
    const warning = { guard: "shrink", message: "users in scope fell from 100 to 80 (20 %)." };
    const guard = { ok: true, approved: false, trips: [], warnings: [warning] };
    for (const quiet of [false, true]) {
      const text = renderText(report({ guard }), { verbose: false, quiet });
      expect(text).toContain(
        "Guard warnings (the run goes on):\n  ! users in scope fell from 100 to 80 (20 %).",
      );
    }
  });

  it("in quiet mode keeps only failures and the summary", () => {
    const text = renderText(
      report({
        mode: "apply",
        changes: [create(1, "done")],
        warnings: [{ source: "kari", field: "email", message: "not an address" }],
        failures: [
          { action: "create", externalId: "ad:9", contactId: null, source: "ola", message: "400 invalid" },
        ],
      }),
      { verbose: false, quiet: true },
    );
    expect(text).not.toContain("Created 1 contact");
    expect(text).not.toContain("not an address");
    expect(text).toContain("! create ola ad:9: 400 invalid");
    expect(text).toMatch(/created 1, updated 0, deleted 0; .* 0 failed/);
  });
});
