/** The e164 transform: libphonenumber-js with a default region, compiled once per mapping step. */
import {
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
 * The general parser costs about 10 µs a number, so its answers for shared numbers (switchboards)
 * are remembered. The fast path is not cached: for unique numbers a cache only feeds the garbage collector.
 */
const CACHE_LIMIT = 2_000;

/** Digits with the usual separators and nothing else: no letters, so no extension to find. */
const PLAIN = /^[0-9+ \-.()/\u00a0]+$/;
const SEPARATORS = /[ \-.()/\u00a0]/g;
const DIGITS = /^\+?[0-9]+$/;

/**
 * The general parser spends most of its time on argument handling. For the common shapes — "+47 22 00
 * 00 01", "0047 22000001", and national numbers in a region without a trunk prefix (NO, DK) — build
 * the E.164 candidate directly and let libphonenumber's PhoneNumber validate it; anything else, or
 * anything it does not accept, goes to the general parser, so the result is the same either way.
 */
function fastPath(region: CountryCode | undefined): (raw: string) => string | null {
  let idd00 = false;
  let callingCode: string | null = null;
  if (region) {
    const metadata = new Metadata();
    metadata.selectNumberingPlan(region);
    const plan = metadata.numberingPlan;
    idd00 = plan?.IDDPrefix() === "00";
    // Not in the typings; without it (another library version) national numbers take the general path.
    const trunk = (plan as { nationalPrefixForParsing?: () => string | undefined } | undefined)
      ?.nationalPrefixForParsing;
    if (typeof trunk === "function" && !trunk.call(plan)) callingCode = getCountryCallingCode(region);
  }
  return (raw) => {
    if (!PLAIN.test(raw)) return null;
    const digits = raw.replace(SEPARATORS, "");
    if (!DIGITS.test(digits)) return null;
    let e164: string;
    if (digits.startsWith("+")) e164 = digits;
    else if (idd00 && digits.startsWith("00")) e164 = `+${digits.slice(2)}`;
    else if (callingCode !== null) e164 = `+${callingCode}${digits}`;
    else return null;
    if (e164.length < 4 || e164[1] === "0") return null;
    try {
      const number = new PhoneNumber(e164);
      return number.isValid() ? number.number : null;
    } catch {
      return null;
    }
  };
}

export function phoneParser(region: CountryCode | undefined): (raw: string) => ParsedPhone {
  const cache = new Map<string, ParsedPhone>();
  const options = region ? { defaultCountry: region } : undefined;
  const fast = fastPath(region);
  return (raw) => {
    const quick = fast(raw);
    if (quick !== null) return { number: quick, extension: null };
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
