import fc from "fast-check";
import {
  getCountries,
  getCountryCallingCode,
  parsePhoneNumberFromString,
  type CountryCode,
} from "libphonenumber-js";
import examples from "libphonenumber-js/mobile/examples";
import { describe, expect, it } from "vitest";
import { phoneParser, type ParsedPhone } from "../../src/mapping/phone.js";
import { runs } from "./settings.js";

/**
 * The answer of the call the e164 transform made before it took parseNumber's quicker path: the
 * default entry point's parsePhoneNumberFromString and PhoneNumber#isValid, uncached.
 */
function reference(raw: string, region: CountryCode | undefined): ParsedPhone {
  const parsed = parsePhoneNumberFromString(raw, region ? { defaultCountry: region } : undefined);
  return parsed?.isValid() === true
    ? { number: parsed.number, extension: parsed.ext ?? null }
    : { number: null, extension: null };
}

/**
 * Calling codes shared by several countries (+1, +7, +44, +47, +262, +590, +599), non-geographic
 * ones (+800, +808, +870, +878, +881, +882, +883, +888, +979) and some of every other country.
 */
const callingCode = fc.oneof(
  fc.constantFrom("1", "7", "44", "47", "262", "590", "599", "61", "39", "379"),
  fc.constantFrom("800", "808", "870", "878", "881", "882", "883", "888", "979"),
  fc.constantFrom(...getCountries()).map((c) => getCountryCallingCode(c)),
  fc.integer({ min: 0, max: 999 }).map(String),
);

const DIGITS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
const digits = (min: number, max: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...DIGITS), minLength: min, maxLength: max });

/** Not every country has an example number. */
const exampleOf = examples as Partial<Record<CountryCode, string>>;

/** Punctuation people type between digits, and the extension forms libphonenumber reads. */
const separator = fc.constantFrom("", "", "", " ", " ", "-", ".", "/", "(", ")", "\u00a0", "  ");
const extension = fc.oneof(
  fc.constant(""),
  digits(1, 6).chain((n) =>
    fc.constantFrom(
      ` ext. ${n}`,
      ` ext ${n}`,
      `x${n}`,
      ` #${n}`,
      `;ext=${n}`,
      ` anexo ${n}`,
      `,${n}`,
      ` - ${n}#`,
    ),
  ),
);

/** A number split into groups with random punctuation: national, +CC, 00CC, (0) and tel: forms. */
const written = fc
  .tuple(
    fc.constantFrom("", "+", "00", "0", "(+", "tel:+", "011", "8"),
    callingCode,
    fc.array(fc.tuple(separator, digits(1, 5)), { minLength: 1, maxLength: 5 }),
    extension,
  )
  .map(([lead, cc, groups, ext]) => {
    const body = groups.map(([sep, d]) => sep + d).join("");
    const prefix =
      lead === "" || lead === "0" || lead === "8" ? lead : `${lead}${cc}${lead === "(+" ? ")" : ""}`;
    return `${prefix}${body}${ext}`;
  });

/**
 * A country's example mobile number (valid), a digit of it changed, added or dropped (often not),
 * regrouped with punctuation and written national, +CC or 00CC: the inputs near the valid/invalid line.
 */
const nearValid = fc
  .tuple(
    fc.constantFrom(...getCountries().filter((c) => exampleOf[c] !== undefined)),
    fc.nat(),
    fc.constantFrom("keep", "keep", "change", "add", "drop"),
    fc.constantFrom("", "+", "00", "(+"),
    fc.array(separator, { minLength: 1, maxLength: 4 }),
    extension,
  )
  .map(([country, at, edit, lead, seps, ext]) => {
    let national = exampleOf[country] ?? "";
    const i = at % national.length;
    const d = String((Number(national[i]) + 1 + (at % 9)) % 10);
    if (edit === "change") national = national.slice(0, i) + d + national.slice(i + 1);
    if (edit === "add") national = national.slice(0, i) + d + national.slice(i);
    if (edit === "drop") national = national.slice(0, i) + national.slice(i + 1);
    const groups = national.replace(/(\d{3})(?=\d)/g, (g) => g + (seps[g.length % seps.length] ?? ""));
    const cc = getCountryCallingCode(country);
    return lead === "" ? groups : `${lead}${cc}${lead === "(+" ? ")" : " "}${groups}${ext}`;
  });

/**
 * A number with words around it, as people fill in a directory: the library finds the number inside
 * the text, where the quick path (extract: false) reads the whole text as the number.
 */
const labelled = fc
  .tuple(
    fc.constantFrom("Tel: ", "Mob. ", "phone ", "(", "ext ", "-", " ", ""),
    fc.oneof(written, nearValid),
    fc.constantFrom(" (mobile)", " - work", ".", ")", " ", "#", " x", ""),
  )
  .map(([before, number, after]) => before + number + after);

/** Text from a directory: a written number, or digits mixed with letters, fullwidth digits, stray marks. */
const phoneText = fc.oneof(
  { weight: 6, arbitrary: written },
  { weight: 6, arbitrary: nearValid },
  { weight: 3, arbitrary: labelled },
  {
    weight: 2,
    arbitrary: fc.string({
      unit: fc.constantFrom(
        ...DIGITS,
        " ",
        "+",
        "-",
        "(",
        ")",
        "#",
        ".",
        "x",
        "e",
        "t",
        ";",
        "=",
        "a",
        "N",
        "O",
        "/",
        "\u00a0",
        "\uff10",
        "\uff19",
        "\u0660",
      ),
      maxLength: 30,
    }),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: digits(240, 260).map((d) => `+47${d}`) },
);

const region = fc.option(
  fc.constantFrom<CountryCode>("NO", "SE", "DK", "US", "GB", "DE", "RU", "SJ", "GP", "AU"),
  {
    nil: undefined,
  },
);

describe("phoneParser", () => {
  it("gives libphonenumber-js's answer (number and extension, or invalid) for every text and region", () => {
    let valid = 0;
    fc.assert(
      fc.property(phoneText, region, (raw, reg) => {
        const expected = reference(raw, reg);
        if (expected.number !== null) valid++;
        expect({ raw, reg, parsed: phoneParser(reg)(raw) }).toEqual({ raw, reg, parsed: expected });
      }),
      runs(20_000),
    );
    // The generators reach valid numbers, not only text the library rejects.
    expect(valid).toBeGreaterThan(3_000);
  });

  it("gives libphonenumber-js's answer for the example numbers of every country, written as E.164", () => {
    for (const country of getCountries()) {
      const cc = getCountryCallingCode(country);
      for (const raw of [`+${cc}8001234567`, `+${cc}21234567`, `+${cc}912345678`, `+${cc} 0 20 1234 5678`]) {
        expect({ raw, parsed: phoneParser(undefined)(raw) }).toEqual({
          raw,
          parsed: reference(raw, undefined),
        });
      }
    }
  });
});
