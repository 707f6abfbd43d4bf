/** The e164 transform: libphonenumber-js with a default region, compiled once per mapping step. */
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { quote } from "./text.js";

export interface ParsedPhone {
  /** E.164, or null when the text is not a valid number. */
  number: string | null;
  extension: string | null;
}

/**
 * The parser costs about 10 µs a number, so its answers are remembered per mapping step (a
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
    const parsed = parsePhoneNumberFromString(raw, options);
    const result: ParsedPhone =
      parsed?.isValid() === true
        ? { number: parsed.number, extension: parsed.ext ?? null }
        : { number: null, extension: null };
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(raw, result);
    return result;
  };
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
