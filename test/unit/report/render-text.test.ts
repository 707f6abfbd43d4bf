import { describe, expect, it } from "vitest";
import { renderText } from "../../../src/report/index.js";
import type { ChangeRecord } from "../../../src/report/index.js";
import { syncReport as report } from "./builders.js";

function create(i: number): ChangeRecord {
  return {
    action: "create",
    externalId: `ad:${i}`,
    contactId: null,
    source: `user${i}`,
    name: `User ${i}`,
    fields: { displayName: { from: null, to: `User ${i}` } },
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
            externalId: "ad:2",
            contactId: "c2",
            source: "kari",
            name: "Kari Nordmann",
            fields: { title: { from: "Konsulent", to: "Seniorkonsulent" } },
          },
          { action: "delete", externalId: "ad:3", contactId: "c3", source: null, name: null, fields: {} },
        ],
      }),
      { verbose: false },
    );
    expect(text).toContain("Dry run: nothing is written.");
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
    const text = renderText(report({ mode: "apply", changes: [create(1)] }), { verbose: false });
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

  it("shows what stopped the run and how to proceed", () => {
    const text = renderText(
      report({
        mode: "apply",
        guard: {
          ok: false,
          approved: false,
          trips: [{ guard: "max-deletes", message: "60 deletes exceed sync.maxDeletes (50)" }],
        },
      }),
      { verbose: false },
    );
    expect(text).toContain("Stopped before writing anything:");
    expect(text).toContain("✗ 60 deletes exceed sync.maxDeletes (50)");
    expect(text).not.toContain("nothing to do");
  });

  it("in quiet mode keeps only failures and the summary", () => {
    const text = renderText(
      report({
        mode: "apply",
        changes: [create(1)],
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
