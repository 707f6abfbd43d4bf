import { describe, expect, it } from "vitest";
import { asciiOnly, jsonText } from "../../../src/state/state-text.js";
import { contact, state } from "./builders.js";

/** Enough contacts (with non-ASCII names) for the text to come in many pieces. */
const large = state(
  Array.from({ length: 1500 }, (_, i) => contact(i + 1, { firstName: `Kåre ${i}`, lastName: "Ørsted" })),
  {
    missingSince: [{ externalId: "ad:1", since: "2026-11-20T10:00:00.000Z" }],
    appliedPlans: undefined,
  },
);

describe("jsonText", () => {
  it("is JSON.stringify(value), in more than one piece for a long list", () => {
    const pieces = [...jsonText(large, "contacts")];
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join("")).toBe(JSON.stringify(large));
  });

  it("is JSON.stringify(value) for an empty list, members left undefined left out", () => {
    const empty = state([], { watermark: null, lastRun: null, directory: undefined });
    expect([...jsonText(empty, "contacts")].join("")).toBe(JSON.stringify(empty));
  });

  it("writes a list item JSON cannot hold as null, as JSON.stringify does", () => {
    const odd = { list: [1, undefined, () => 2, "x"], after: true };
    expect([...jsonText(odd, "list")].join("")).toBe(JSON.stringify(odd));
  });
});

describe("asciiOnly", () => {
  it("escapes every character outside ASCII, and JSON.parse reads back the same value", () => {
    const value = { names: ["Kåre Ørsted", "Zoë 😀", "lone \ud800 surrogate", "plain"] };
    const text = [...asciiOnly(jsonText(value, "names"))].join("");
    expect(text).toMatch(/^[ -~]*$/); // printable ASCII: JSON escapes the control characters itself
    expect(text).toContain("K\\u00e5re");
    expect(JSON.parse(text)).toEqual(value);
  });
});
