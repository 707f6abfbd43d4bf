import { describe, expect, it } from "vitest";
import { renderJson, renderJsonPieces, type ChangeRecord } from "../../../src/report/index.js";
import { syncReport } from "./builders.js";

function change(i: number): ChangeRecord {
  return {
    action: "create",
    status: "planned",
    externalId: `ad:0000-${i}`,
    contactId: null,
    source: `user${i}`,
    name: `Kåre "Q" Nordmann\n${i} 👋`,
    fields: {
      firstName: { from: null, to: "Kåre" },
      phoneNumbers: { from: null, to: [{ type: "mobile", number: `+4790000${i}` }] },
      address: { from: null, to: { street: null, city: "Oslo" } },
    },
  };
}

describe("renderJson", () => {
  it("writes exactly what JSON.stringify writes, with a newline", () => {
    for (const report of [
      syncReport(),
      syncReport({ changes: [change(1)], pendingDeletes: [] }),
      syncReport({
        changes: [change(1), change(2)],
        warnings: [{ source: "u", field: "email", message: "a\tb" }],
        guard: {
          ok: false,
          approved: false,
          trips: [{ guard: "maxDeletes", message: "stop" }],
          warnings: [],
        },
      }),
    ]) {
      expect(renderJson(report)).toBe(`${JSON.stringify(report, null, 2)}\n`);
    }
  });

  it("leaves out members that are undefined, as JSON.stringify does", () => {
    const report = { ...syncReport(), pendingDeletes: undefined };
    expect(renderJson(report)).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(renderJson(report)).not.toContain("pendingDeletes");
  });

  it("hands a long report on in pieces of about 64 KiB, never as one string", () => {
    const report = syncReport({ changes: Array.from({ length: 2000 }, (_, i) => change(i)) });
    const pieces = [...renderJsonPieces(report)];
    expect(pieces.length).toBeGreaterThan(5);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(70_000);
    expect(pieces.join("")).toBe(`${JSON.stringify(report, null, 2)}\n`);
  });
});

describe("renderJsonPieces, a line per change", () => {
  const report = syncReport({
    changes: Array.from({ length: 100 }, (_, i) => change(i)),
    warnings: [{ source: "u", field: "email", message: "a\tb\nc" }],
  });
  const text = [...renderJsonPieces(report, "lines")].join("");

  it("holds the same data as the indented document", () => {
    expect(JSON.parse(text)).toEqual(JSON.parse(renderJson(report)));
  });

  it("writes each top-level member, and each element of a list, on a line of its own", () => {
    const lines = text.split("\n");
    expect(lines[0]).toBe("{");
    expect(lines.at(-1)).toBe("");
    expect(lines.at(-2)).toBe("}");
    const changes = lines.filter((line) => line.startsWith('    {"action":"create"'));
    expect(changes).toHaveLength(100);
    changes.forEach((line, i) => {
      expect(JSON.parse(line.replace(/,$/, ""))).toEqual(change(i));
    });
    expect(lines).toContain('    {"source":"u","field":"email","message":"a\\tb\\nc"}');
    expect(lines).toContain(`  "summary": ${JSON.stringify(report.summary)},`);
    expect(text.length).toBeLessThan(0.7 * renderJson(report).length);
  });

  it("is handed on in pieces of about 64 KiB", () => {
    const long = syncReport({ changes: Array.from({ length: 4000 }, (_, i) => change(i)) });
    const pieces = [...renderJsonPieces(long, "lines")];
    expect(pieces.length).toBeGreaterThan(5);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(70_000);
    expect(JSON.parse(pieces.join(""))).toEqual(JSON.parse(JSON.stringify(long)));
  });
});
