import {
  getCountries,
  getCountryCallingCode,
  parsePhoneNumberFromString,
  type CountryCode,
} from "libphonenumber-js";
import examples from "libphonenumber-js/mobile/examples";
import { describe, expect, it } from "vitest";
import { phoneParser } from "../../../src/mapping/phone.js";

/** What libphonenumber-js says of the number, uncached. */
function reference(raw: string, region: CountryCode | undefined): string | null {
  const parsed = parsePhoneNumberFromString(raw, region ? { defaultCountry: region } : undefined);
  return parsed?.isValid() === true ? parsed.number : null;
}

function spaced(national: string): string {
  return national.replace(/(\d{2})(?=\d)/g, "$1 ");
}

describe("phoneParser", () => {
  it.each(["NO", "SE", "US", undefined] as const)(
    "reads example mobile numbers of every country, written five ways and twice, as libphonenumber-js does, with region %s",
    (region) => {
      const parse = phoneParser(region);
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
          // The second time from the cache.
          for (let time = 0; time < 2; time++) {
            expect({ raw, number: parse(raw).number }).toEqual({ raw, number: expected });
          }
          if (expected !== null) valid++;
        }
      }
      expect(valid).toBeGreaterThan(200);
    },
  );

  it("keeps answering after its cache filled up", () => {
    const parse = phoneParser("NO");
    for (let i = 0; i < 6_000; i++) parse(`+47 9${String(i).padStart(7, "0")}`);
    expect(parse("+47 90000001")).toEqual({ number: "+4790000001", extension: null });
    expect(parse("22 00 02 11")).toEqual({ number: "+4722000211", extension: null });
  });

  it("reads the extension apart from the number", () => {
    expect(phoneParser("NO")("22 00 02 11 ext. 123")).toEqual({ number: "+4722000211", extension: "123" });
  });

  it("gives null for text that is not a valid number", () => {
    expect(phoneParser("NO")("12")).toEqual({ number: null, extension: null });
    expect(phoneParser(undefined)("22 00 02 11")).toEqual({ number: null, extension: null });
  });
});
