/** The e164 transform: libphonenumber-js with a default region, compiled once per mapping step. */
import {
  getCountries,
  getCountryCallingCode,
  Metadata,
  parsePhoneNumberFromString,
  PhoneNumber,
  type CountryCode,
} from "libphonenumber-js";
import { quote } from "./text.js";

export interface ParsedPhone {
  /** E.164, or null when the text is not a valid number. */
  number: string | null;
  extension: string | null;
}

/**
 * The general parser costs about 10 µs a number, so its answers are remembered per mapping step (a
 * switchboard number written "22 00 00 01 ext. 12" repeats across thousands of users). The fast path's
 * answers (about 2 µs) are not stored: most are unique mobile numbers, and storing them made the
 * garbage collector's work grow more than it saved. Bounded, so a huge directory cannot grow it.
 */
const CACHE_LIMIT = 5_000;

/** Digits with the usual separators and nothing else: no letters, so no extension to find. */
const PLAIN = /^[0-9+ \-.()/\u00a0]+$/;
const SEPARATORS = /[ \-.()/\u00a0]/g;
const DIGITS = /^\+?[0-9]+$/;

/**
 * Whether a numbering plan has a national (trunk) prefix the parser strips, such as Sweden's 0.
 * libphonenumber-js documents no accessor for it; `nationalPrefixForParsing` is the one its parser
 * uses. Should a later version drop it, every plan counts as having one: slower, never wrong.
 */
function hasTrunkPrefix(metadata: Metadata, country: CountryCode): boolean {
  metadata.selectNumberingPlan(country);
  const plan = metadata.numberingPlan as { nationalPrefixForParsing?: () => string | undefined } | undefined;
  const read = plan?.nationalPrefixForParsing;
  return typeof read !== "function" || Boolean(read.call(plan));
}

let trunkFreeCodes: ReadonlySet<string> | undefined;

/** Calling codes none of whose countries has a trunk prefix (+47 Norway and Svalbard, +45 Denmark, …). */
function callingCodesWithoutTrunkPrefix(): ReadonlySet<string> {
  if (trunkFreeCodes) return trunkFreeCodes;
  const metadata = new Metadata();
  const free = new Set<string>();
  const trunk = new Set<string>();
  for (const country of getCountries()) {
    const code = getCountryCallingCode(country);
    (hasTrunkPrefix(metadata, country) ? trunk : free).add(code);
  }
  for (const code of trunk) free.delete(code);
  trunkFreeCodes = free;
  return free;
}

/** Whether `digits` (E.164 without "+") starts with a calling code that has no trunk prefix. */
function trunkFreeCode(digits: string, codes: ReadonlySet<string>): boolean {
  // Calling codes are 1–3 digits and none is a prefix of another, so at most one of these matches.
  return codes.has(digits.slice(0, 1)) || codes.has(digits.slice(0, 2)) || codes.has(digits.slice(0, 3));
}

/**
 * For plain text ("+47 22 00 00 01", "0047 22000001", "22 00 00 01" in Norway) the general parser
 * spends most of its time finding the number in the text. When the number's calling code has no trunk
 * prefix, there is nothing to strip, so what is left is: drop separators, put the calling code in
 * front, validate. So build that E.164 candidate and validate it with PhoneNumber (documented: built
 * from E.164, `isValid()`, `.number`), about 2 µs instead of 10. Codes with a trunk prefix (+46 …)
 * always take the general parser, which may strip it. Anything else, or a candidate PhoneNumber
 * rejects, goes to the general parser too, so the result is the same either way
 * (test/unit/mapping/phone.test.ts compares the two on thousands of numbers).
 */
function fastPath(region: CountryCode | undefined): (raw: string) => string | null {
  const codes = callingCodesWithoutTrunkPrefix();
  let idd00 = false;
  let national: string | null = null;
  if (region) {
    const metadata = new Metadata();
    metadata.selectNumberingPlan(region);
    idd00 = metadata.numberingPlan?.IDDPrefix() === "00";
    const code = getCountryCallingCode(region);
    if (codes.has(code)) national = code;
  }
  return (raw) => {
    if (!PLAIN.test(raw)) return null;
    const digits = raw.replace(SEPARATORS, "");
    if (!DIGITS.test(digits)) return null;
    let international: string;
    if (digits.startsWith("+")) international = digits.slice(1);
    else if (idd00 && digits.startsWith("00")) international = digits.slice(2);
    else if (national !== null) international = national + digits;
    else return null;
    if (international.length < 3) return null;
    // The region's own code first: the usual case, and calling codes are prefix-free.
    if ((national === null || !international.startsWith(national)) && !trunkFreeCode(international, codes))
      return null;
    try {
      const number = new PhoneNumber(`+${international}`);
      return number.isValid() ? number.number : null;
    } catch {
      return null;
    }
  };
}

/**
 * The default `libphonenumber-js` (its "min" metadata), deliberately not `/max`: /max checks the digits
 * per number type, so it would leave out numbers this tool has always accepted (half of the benchmark's
 * made-up numbers), its metadata is nearly twice the size and PhoneNumber#isValid about 4x slower.
 * MBN needs well-formed E.164 of a valid length and prefix for the country, which min checks.
 */
/** For scripts/bench: turns the fast path off in parsers made from here on, to measure what it saves. */
export const phoneTuning = { fastPath: true };

export function phoneParser(region: CountryCode | undefined): (raw: string) => ParsedPhone {
  const cache = new Map<string, ParsedPhone>();
  const options = region ? { defaultCountry: region } : undefined;
  const fast = phoneTuning.fastPath ? fastPath(region) : () => null;
  return (raw) => {
    const hit = cache.get(raw);
    if (hit) return hit;
    const quick = fast(raw);
    if (quick !== null) return { number: quick, extension: null };
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
