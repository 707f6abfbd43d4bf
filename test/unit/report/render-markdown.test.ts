import { describe, expect, it } from "vitest";
import { renderMarkdown, type ChangeRecord } from "../../../src/report/index.js";
import { syncReport as report } from "./builders.js";
import { jsonCounts, markdownCounts } from "./markdown-counts.js";

const update = (i: number, status: ChangeRecord["status"] = "planned"): ChangeRecord => ({
  action: "update",
  status,
  externalId: `ad:${i}`,
  contactId: `c_${i}`,
  source: `user${i}`,
  name: `User ${i}`,
  fields: { title: { from: "Engineer", to: `Engineer ${i}` } },
});

const tripped = {
  ok: false,
  approved: false,
  trips: [
    {
      guard: "max-deletes",
      message:
        "The plan deletes 12 contacts, more than sync.maxDeletes (10). Review the deletes, then run again with `--approve-deletes abababababab` to let exactly this plan through.",
    },
  ],
};

describe("the Markdown summary", () => {
  it("has the JSON report's numbers in its counts table", () => {
    const r = report({
      mode: "apply",
      changes: [update(1, "done"), update(2, "stale"), update(3, "failed"), update(4, "already-present")],
      warnings: [{ source: "u1", field: "title", message: "cut to 64 characters" }],
      kept: 2,
      skippedKept: 1,
    });
    r.summary.pendingDeletes = 3;
    r.summary.skipped = 5;
    const counts = markdownCounts(renderMarkdown(r));
    expect(counts).toEqual(jsonCounts(r));
    expect(counts).toMatchObject({ updated: 1, failed: 1, "kept (sync.deletes: keep)": 2, warnings: 1 });
  });

  it("leads with the outcome and the plan's hash and counts", () => {
    const dry = renderMarkdown(report({ changes: [update(1)] }));
    expect(dry.split("\n").slice(0, 5)).toEqual([
      "## mbn-ad-sync: dry run",
      "",
      "Dry run: nothing was written to MBN.",
      "",
      "Plan `abababababab`: 0 to create, 1 to update, 0 to delete.",
    ]);
    expect(renderMarkdown(report({ mode: "apply", changes: [update(1, "done")] }))).toContain(
      "\nWritten to MBN.\n",
    );
    expect(renderMarkdown(report({ mode: "apply" }))).toContain("\nNothing to do: MBN is in step.\n");
  });

  it("names the guard's trips and the 12-character hash to approve, in a dry run and an apply", () => {
    const dry = renderMarkdown(report({ guard: tripped }));
    expect(dry).toContain("**A guard would stop this plan**: nothing was written to MBN");
    expect(dry).toContain(
      "### Guard\n\n- **max-deletes**: The plan deletes 12 contacts, more than sync.maxDeletes (10). Review the deletes, then run again with `--approve-deletes abababababab` to let exactly this plan through.\n",
    );
    expect(dry).toContain(
      "After reviewing the deletes, approve this plan with `--approve-deletes abababababab`",
    );
    const stopped = renderMarkdown(report({ mode: "apply", notWrittenBecause: "guard", guard: tripped }));
    expect(stopped).toContain("**A guard stopped the run**: nothing was written to MBN.");
    const approved = renderMarkdown(report({ guard: { ok: true, approved: true, trips: [] } }));
    expect(approved).not.toContain("### Guard\n");
    expect(approved).toContain("Deletes approved with `--approve-deletes` for this exact plan");
  });

  it("lists the first 50 changes with old → new, and says how many more", () => {
    const changes = Array.from({ length: 53 }, (_, i) => update(i + 1));
    const md = renderMarkdown(report({ changes }));
    expect(md).toContain("### Changes (50 of 53)");
    expect(md).toContain('| update | planned | User 1 | user1 | title: "Engineer" → "Engineer 1" |');
    expect(md).toContain("| User 50 |");
    expect(md).not.toContain("| User 51 |");
    expect(md).toContain("… and 3 more in the JSON report (`--report`).");
    const create: ChangeRecord = {
      ...update(1),
      action: "create",
      contactId: null,
      fields: { mobile: { from: null, to: "+4790000000" } },
    };
    expect(renderMarkdown(report({ changes: [create] }))).toContain('mobile: (empty) → "+4790000000"');
  });

  it("groups the warnings by kind, as the text report does", () => {
    const warnings = ["u3", "u1", "u2"].map((u) => ({
      source: u,
      field: "mobile",
      message: `"${u}-x" is not a valid phone number; left out`,
    }));
    expect(renderMarkdown(report({ warnings }))).toContain(
      "### Warnings (3)\n\n- mobile: … is not a valid phone number; left out — 3 users: u1, u2, u3\n",
    );
  });

  it("keeps text from the directory inert: no HTML, links, emphasis or table breaks", () => {
    const hostile: ChangeRecord = {
      ...update(1),
      name: "<img src=x onerror=alert(1)> | [click](http://evil) *bold* `code`",
      fields: { title: { from: "a|b", to: "line\nbreak" } },
    };
    const row = renderMarkdown(report({ changes: [hostile] }))
      .split("\n")
      .find((l) => l.startsWith("| update |"));
    expect(row).toBe(
      "| update | planned | &lt;img src=x onerror=alert(1)&gt; \\| \\[click\\](http://evil) \\*bold\\* \\`code\\` | user1 | " +
        // formatValue writes the line break as \n; its backslash is escaped, so the page shows \n
        'title: "a\\|b" → "line\\\\nbreak" |',
    );
    // five cells: no pipe of the data splits the row
    expect(row?.split(/(?<!\\)\|/).length).toBe(7);
  });
});
