/** The e164 transform: libphonenumber-js with a default region, compiled once per mapping step. */
import {
  getCountryCallingCode,
  isValidNumber,
  parseNumber,
  parsePhoneNumberFromString,
  type CountryCode,
} from "libphonenumber-js";
import { quote } from "./text.js";

export interface ParsedPhone {
  /** E.164, or null when the text is not a valid number. */
  number: string | null;
  extension: string | null;
}

/**
 * The parser costs a few µs a number, so its answers are remembered per mapping step (a
 * switchboard number written "22 00 00 01 ext. 12" repeats across thousands of users). Bounded, so a
 * huge directory cannot grow it.
 */
const CACHE_LIMIT = 5_000;

/**
 * The default `libphonenumber-js` (its "min" metadata), deliberately not `/max`: /max checks the digits
 * per number type, so it would leave out numbers this tool has always accepted (half of the benchmark's
 * made-up numbers), its metadata is nearly twice the size and PhoneNumber#isValid about 4x slower.
 * MBN needs well-formed E.164 of a valid length and prefix for the country, which min checks.
 * Only the documented API: a shortcut through the library's numbering-plan internals halved the
 * mapping's CPU time, but that was 0.33 s per 50,000 users (npm run bench at the time), too little
 * for a sync to notice and not worth breaking on a minor version of the library.
 */
export function phoneParser(region: CountryCode | undefined): (raw: string) => ParsedPhone {
  const cache = new Map<string, ParsedPhone>();
  const options = region ? { defaultCountry: region } : undefined;
  return (raw) => {
    const hit = cache.get(raw);
    if (hit) return hit;
    const result = parse(raw, options);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(raw, result);
    return result;
  };
}

const INVALID: ParsedPhone = { number: null, extension: null };

/**
 * A number first through the README's "legacy API" (parseNumber, then isValidNumber on its result):
 * the same parse() and the same validity check as parsePhoneNumberFromString + PhoneNumber#isValid,
 * without the PhoneNumber object and the option copies of every call (Babel's object spread, a
 * quarter of the parse): mapping 100,000 users with two numbers each takes about 0.2 s less CPU.
 * E.164 is "+", the country's calling code and the national number, as PhoneNumber#number is made.
 * isValidNumber is not redundant: the min metadata has number types for some countries (GB), so a
 * number parseNumber accepts may still be invalid. The quick path only ever says "valid"; everything
 * else (not a number, a non-geographic +800 number, which parseNumber cannot place in a country) is
 * asked again of parsePhoneNumberFromString, so the answer is that function's for every text:
 * test/property/phone.property.test.ts compares the two over generated text and regions.
 * Deprecated in the typings but kept through every 1.x release; a major release dropping them
 * fails the build, not a sync.
 */
function parse(raw: string, options: { defaultCountry: CountryCode } | undefined): ParsedPhone {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the quick path above
  const quick = parseNumber(raw, options);
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the quick path above
  if ("phone" in quick && isValidNumber(quick)) {
    return {
      number: `+${getCountryCallingCode(quick.country)}${quick.phone}`,
      extension: quick.ext ?? null,
    };
  }
  const parsed = parsePhoneNumberFromString(raw, options);
  return parsed?.isValid() === true ? { number: parsed.number, extension: parsed.ext ?? null } : INVALID;
}

export function invalidPhoneMessage(raw: string, region: CountryCode | undefined): string {
  const how = region
    ? `with default region ${region}`
    : "without a default region (set region in the mapping)";
  return `${quote(raw)} is not a valid phone number (parsed ${how}); left out`;
}

export function extensionMessage(raw: string, extension: string): string {
  return `extension ${quote(extension)} of ${quote(raw)} dropped: MBN stores numbers in E.164 without extensions`;
}
