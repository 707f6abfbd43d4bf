import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeBase64 } from "../../../../src/source/ldif/base64.js";

// The rule the reader applied before it decoded base64 itself: this pattern, then Buffer.from.
const PATTERN = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const reference = (text: string): Buffer | null => (PATTERN.test(text) ? Buffer.from(text, "base64") : null);
const decode = (text: string): Buffer | null => {
  const bytes = Buffer.from(text, "utf8");
  return decodeBase64(bytes, 0, bytes.length);
};

describe("decodeBase64", () => {
  it("decodes what Buffer#toString('base64') writes, with and without padding", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (data) => {
        const bytes = Buffer.from(data);
        expect(decode(bytes.toString("base64"))).toEqual(bytes);
      }),
    );
  });

  it("accepts and refuses exactly what the pattern did, and decodes the same bytes", () => {
    const characters = fc.constantFrom(..."AZaz09+/==-_ .\u00e9".split(""));
    fc.assert(
      fc.property(fc.array(characters, { maxLength: 14 }), (chars) => {
        const text = chars.join("");
        expect(decode(text)).toEqual(reference(text));
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses cut values, misplaced padding and characters outside the alphabet", () => {
    for (const text of ["YWJ", "YW==YWJj", "====", "YWJj=", "YW=j", "YWJ\u00e9", "Y WJ"]) {
      expect(decode(text)).toBeNull();
    }
    expect(decode("")).toEqual(Buffer.alloc(0));
    expect(decode("0fQqZ42eYkWNPh12vEcEHQ==")?.toString("hex")).toBe("d1f42a678d9e62458d3e1d76bc47041d");
  });
});
