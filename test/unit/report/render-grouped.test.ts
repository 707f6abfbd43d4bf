import { describe, expect, it } from "vitest";
import { renderText } from "../../../src/report/index.js";
import { groupBy, groupLine, kindOf } from "../../../src/report/group-items.js";
import { syncReport as report } from "./builders.js";

const extension = (user: string, ext: string) => ({
  source: user,
  field: "phoneNumbers",
  message: `work number from telephoneNumber: extension "${ext}" of "22 00 02 11 ext. ${ext}" dropped: MBN stores numbers in E.164 without extensions`,
});
const notANumber = (user: string) => ({
  source: user,
  field: "phoneNumbers",
  message: `mobile: "n/a" is not a valid phone number (parsed with default region NO); left out`,
});
const noName = (user: string) => ({
  source: user,
  reason: "no name: firstName, lastName and displayName are all empty after mapping",
});

const warnings = [
  ...["u00269", "u00109", "u00189", "u00300", "u00301"].map((u, i) => extension(u, String(100 + i))),
  notANumber("u00007"),
  notANumber("u00002"),
];

describe("warnings and skips grouped by kind", () => {
  it("says one line per kind: count, first users sorted, kinds by count", () => {
    const text = renderText(report({ warnings, skipped: [noName("b"), noName("a")] }), { verbose: false });
    expect(text).toContain(
      "Skipped (2):\n" +
        "  · no name: firstName, lastName and displayName are all empty after mapping — 2 users: a, b\n",
    );
    expect(text).toContain(
      "Warnings (7, 2 kinds):\n" +
        "  · phoneNumbers: work number from telephoneNumber: extension … of … dropped: MBN stores numbers in E.164 without extensions — 5 users: u00109, u00189, u00269 and 2 more\n" +
        "  · phoneNumbers: mobile: … is not a valid phone number (parsed with default region NO); left out — 2 users: u00002, u00007\n",
    );
    expect(text).not.toContain('"22 00 02 11');
  });

  it("--verbose lists every item under its kind, with its own values", () => {
    const text = renderText(report({ warnings }), { verbose: true });
    expect(text).toContain(
      'and 2 more\n      u00109 phoneNumbers: work number from telephoneNumber: extension "101"',
    );
    expect(text.match(/^ {6}u\d+ phoneNumbers/gm)).toHaveLength(7);
  });

  it("cuts a long list of kinds on a terminal, and --quiet leaves them out", () => {
    const many = Array.from({ length: 25 }, (_, i) => ({ source: `u${i}`, field: `f${i}`, message: "odd" }));
    expect(renderText(report({ warnings: many }), { verbose: false, limit: 20 })).toContain(
      "  … and 5 more (--verbose shows all)",
    );
    expect(renderText(report({ warnings: many }), { verbose: false, quiet: true })).not.toContain("Warnings");
  });

  it("counts a user once in a kind, and takes the values out of a message", () => {
    const groups = groupBy(
      [extension("x", "1"), extension("x", "2"), extension("a", "3")],
      (w) => kindOf(w.message),
      (w) => w.source,
    );
    expect(groups).toHaveLength(1);
    expect(groups[0]?.users).toEqual(["a", "x"]);
    expect(groups[0]?.items).toHaveLength(3);
    expect(kindOf('120 characters is over the limit of 100; cut to "Sales"')).toBe(
      "… characters is over the limit of 100; cut to …",
    );
    expect(groupLine({ kind: "k", users: ["a"], items: [] })).toBe("k — 1 user: a");
  });
});
