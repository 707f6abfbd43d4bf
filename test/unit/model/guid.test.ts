import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalGuid, guidFromBytes, guidToBytes } from "../../../src/model/guid.js";

describe("objectGUID", () => {
  it("reads AD's little-endian layout (the example of AD-NOTES)", () => {
    expect(guidFromBytes(Buffer.from("d1f42a678d9e62458d3e1d76bc47041d", "hex"))).toBe(
      "672af4d1-9e8d-4562-8d3e-1d76bc47041d",
    );
  });

  it("writes the bytes back, for any GUID", () => {
    for (let i = 0; i < 200; i++) {
      const bytes = randomBytes(16);
      const guid = guidFromBytes(bytes);
      expect(canonicalGuid(guid)).toBe(guid);
      expect(guidToBytes(guid).equals(bytes)).toBe(true);
    }
  });

  it("refuses anything but 16 bytes, and text that is not a GUID", () => {
    expect(() => guidFromBytes(Buffer.alloc(15))).toThrow(/16 bytes, got 15/);
    expect(canonicalGuid("{672AF4D1-9E8D-4562-8D3E-1D76BC47041D}")).toBe(
      "672af4d1-9e8d-4562-8d3e-1d76bc47041d",
    );
    expect(canonicalGuid("672af4d1-9e8d-4562-8d3e")).toBeNull();
    expect(() => guidToBytes("nope")).toThrow(/not a GUID/);
  });
});
