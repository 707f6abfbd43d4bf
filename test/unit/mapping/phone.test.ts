import {
  getCountries,
  getCountryCallingCode,
  parsePhoneNumberFromString,
  type CountryCode,
} from "libphonenumber-js";
import examples from "libphonenumber-js/mobile/examples";
import { describe, expect, it } from "vitest";
import { phoneParser } from "../../../src/mapping/phone.js";

/** What libphonenumber-js's general parser says: the reference the fast path must match. */
function reference(raw: string, region: CountryCode | undefined): string | null {
  const parsed = parsePhoneNumberFromString(raw, region ? { defaultCountry: region } : undefined);
  return parsed?.isValid() === true ? parsed.number : null;
}

/** A deterministic sequence of pseudo-random numbers (a linear congruential generator). */
function* digits(seed: number): Generator<string> {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2147483648;
    yield String(x % 10);
  }
}

function spaced(national: string): string {
  return national.replace(/(\d{2})(?=\d)/g, "$1 ");
}

describe("phoneParser agrees with libphonenumber-js's general parser", () => {
  const regions: (CountryCode | undefined)[] = ["NO", "SE", "DK", "FI", "DE", "GB", "US", undefined];

  it.each(regions)(
    "on example mobile numbers of every country, written five ways, with region %s",
    (region) => {
      const parse = phoneParser(region);
      let compared = 0;
      let valid = 0;
      for (const country of getCountries()) {
        const national = examples[country];
        if (!national) continue;
        const cc = getCountryCallingCode(country);
        for (const raw of [
          national,
          spaced(national),
          `+${cc} ${spaced(national)}`,
          `00${cc}${national}`,
          `(+${cc}) ${national}`,
        ]) {
          const expected = reference(raw, region);
          expect({ raw, number: parse(raw).number }).toEqual({ raw, number: expected });
          compared++;
          if (expected !== null) valid++;
        }
      }
      expect(compared).toBeGreaterThan(1000);
      expect(valid).toBeGreaterThan(200);
    },
  );

  it.each(["NO", "DK", "SE"] as const)("on pseudo-random local numbers with region %s", (region) => {
    const parse = phoneParser(region);
    const next = digits(region.charCodeAt(0) * 31 + region.charCodeAt(1));
    let valid = 0;
    for (let i = 0; i < 3000; i++) {
      const length = 4 + (i % 8);
      let national = "";
      for (let d = 0; d < length; d++) national += next.next().value as string;
      for (const raw of [national, spaced(national), `+${getCountryCallingCode(region)}${national}`]) {
        const expected = reference(raw, region);
        expect({ raw, number: parse(raw).number }).toEqual({ raw, number: expected });
        if (expected !== null) valid++;
      }
    }
    expect(valid).toBeGreaterThan(500);
  });

  it("finds an extension only on the general path, and reads the same number", () => {
    expect(phoneParser("NO")("22 00 02 11 ext. 123")).toEqual({ number: "+4722000211", extension: "123" });
    expect(phoneParser("NO")("22 00 02 11")).toEqual({ number: "+4722000211", extension: null });
  });
});
