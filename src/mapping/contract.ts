/**
 * Checks each mapped value against the Catalog contract (the ContactInput schema of
 * src/mbn/openapi.yaml, limits in model/contact.ts), so that one odd user gives a warning instead of
 * a 400 from MBN.
 */
import { FIELD_LIMITS, MAX_PHONE_NUMBERS, type PhoneNumber } from "../model/contact.js";
import { isIsoCountry } from "./countries.js";
import { cut, quote } from "./text.js";
import { isBlank, type MapContext } from "./transforms.js";

export type LimitedField = keyof typeof FIELD_LIMITS;

function warn(ctx: MapContext, field: string, message: string): void {
  ctx.warnings.push({ source: ctx.source, field, message });
}

/**
 * Control characters that are not white space (NUL, BEL, ESC, DEL, the C1 range): never text a person
 * reads. In a contact they show as garbage on phones, and an ESC sequence would reach the operator's
 * terminal through the text report. White space is left to the transforms (trim, collapse).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/;
const CONTROLS = new RegExp(CONTROL.source, "g");

/** Control characters removed, empty → null, too long → cut to the contract's limit; each with a warning. */
export function checkText(
  field: string,
  limit: number | undefined,
  raw: string,
  ctx: MapContext,
): string | null {
  let value = raw;
  if (CONTROL.test(raw)) {
    value = raw.replace(CONTROLS, "");
    // JSON escapes C0 but not DEL and C1: those are escaped by hand, so the message itself is safe to print.
    const shown = quote(raw).replace(
      /[\u007f-\u009f]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );
    warn(ctx, field, `control characters removed from ${shown}`);
  }
  if (isBlank(value)) return null;
  if (limit !== undefined && value.length > limit) {
    const short = cut(value, limit);
    if (short.length < value.length) {
      warn(ctx, field, `${value.length} characters is over the limit of ${limit}; cut to ${quote(short)}`);
      return short;
    }
  }
  return value;
}

/**
 * Local part without spaces or "@" (no leading, trailing or double dot); a domain of letter/digit
 * labels with a top-level domain of at least two letters (or punycode). Unicode letters are allowed.
 */
const EMAIL =
  /^(?!\.)(?!.*\.\.)[^\s@]+(?<!\.)@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+(?:\p{L}{2,}|xn--[a-z0-9-]+)$/iu;

export function isEmailAddress(value: string): boolean {
  return value.length <= FIELD_LIMITS.email && EMAIL.test(value);
}

/** An address that is not one is left out rather than cut: a shortened address would reach someone else. */
export function checkEmail(value: string, ctx: MapContext): string | null {
  if (isBlank(value)) return null;
  if (value.length > FIELD_LIMITS.email) {
    warn(ctx, "email", `${value.length} characters is over the limit of ${FIELD_LIMITS.email}; left out`);
    return null;
  }
  if (!EMAIL.test(value)) {
    warn(ctx, "email", `${quote(value)} is not an e-mail address; left out`);
    return null;
  }
  return value;
}

export function checkCountry(value: string, ctx: MapContext): string | null {
  if (isBlank(value)) return null;
  if (isIsoCountry(value)) return value;
  const hint = isIsoCountry(value.trim().toUpperCase()) ? " (add the transforms trim and uppercase)" : "";
  warn(
    ctx,
    "address.country",
    `${quote(value)} is not an ISO 3166-1 alpha-2 country code such as NO${hint}; left out`,
  );
  return null;
}

const E164 = /^\+[1-9][0-9]{1,14}$/;

export function isE164(value: string): boolean {
  return E164.test(value);
}

/** Collects numbers: not E.164 → left out with a warning; the same type and number twice → once. */
export class PhoneList {
  readonly numbers: PhoneNumber[] = [];

  add(type: PhoneNumber["type"], value: string, ctx: MapContext): void {
    if (isBlank(value)) return;
    const number = value.trim();
    if (!E164.test(number)) {
      warn(
        ctx,
        "phoneNumbers",
        `${type} number ${quote(number)} is not in E.164 (+4791234567); left out (add the e164 transform)`,
      );
      return;
    }
    // A handful of numbers per user: a scan is cheaper than a Set (and a loop than a closure per call).
    for (const p of this.numbers) if (p.type === type && p.number === number) return;
    this.numbers.push({ type, number });
  }

  /** At most MAX_PHONE_NUMBERS, the first ones, with a warning naming those left out. */
  finish(ctx: MapContext): PhoneNumber[] {
    if (this.numbers.length <= MAX_PHONE_NUMBERS) return this.numbers;
    const dropped = this.numbers.slice(MAX_PHONE_NUMBERS).map((p) => `${p.type} ${p.number}`);
    warn(
      ctx,
      "phoneNumbers",
      `${this.numbers.length} numbers is over the limit of ${MAX_PHONE_NUMBERS}; kept the first ${MAX_PHONE_NUMBERS}, left out ${dropped.join(", ")}`,
    );
    return this.numbers.slice(0, MAX_PHONE_NUMBERS);
  }
}
