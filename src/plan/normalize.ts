import type { Address, ContactInput, ManagedField, PhoneNumber } from "../model/contact.js";

/*
 * Normal forms used only to compare values, so that formatting never makes a contact flap:
 * null, "" and absent are the same; e-mail ignores case; phone numbers are a set; an address
 * with no part is no address.
 */

type FieldValue = ContactInput[ManagedField] | undefined;

function normalText(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === "" ? null : value;
}

function comparePhones(a: PhoneNumber, b: PhoneNumber): number {
  return compareText(a.type, b.type) || compareText(a.number, b.number);
}

/**
 * The numbers in set order. A mapping writes them in a fixed order, so most lists are in order
 * already and are returned as they are; only the others are copied and sorted.
 */
function sortedPhones(phones: readonly PhoneNumber[]): readonly PhoneNumber[] {
  for (let i = 1; i < phones.length; i++) {
    if (comparePhones(phones[i - 1] as PhoneNumber, phones[i] as PhoneNumber) > 0) {
      return [...phones].sort(comparePhones);
    }
  }
  return phones;
}

function normalPhones(phones: readonly PhoneNumber[] | null | undefined): PhoneNumber[] {
  return sortedPhones(phones ?? []).map((p) => ({ type: p.type, number: p.number }));
}

function normalAddress(address: Address | null | undefined): Address | null {
  if (!address) return null;
  const country = normalText(address.country);
  const normal: Address = {
    street: normalText(address.street),
    postalCode: normalText(address.postalCode),
    city: normalText(address.city),
    country: country === null ? null : country.toUpperCase(),
  };
  const empty =
    normal.street === null && normal.postalCode === null && normal.city === null && country === null;
  return empty ? null : normal;
}

/** Plain code-unit order: locale-independent, so plans are the same on every machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The comparable form of one managed field's value. */
export function normalValue(field: ManagedField, value: FieldValue): unknown {
  switch (field) {
    case "phoneNumbers":
      return normalPhones(value as PhoneNumber[] | null | undefined);
    case "address":
      return normalAddress(value as Address | null | undefined);
    case "email": {
      const text = normalText(value as string | null | undefined);
      return text === null ? null : text.trim().toLowerCase();
    }
    default:
      return normalText(value as string | null | undefined);
  }
}

/**
 * Whether two values of a field have the same normal form. The planner asks this for every managed
 * field of every matched contact, so it compares the normal forms directly instead of serialising
 * them (equal to comparing their JSON, which is what it must mean).
 */
export function sameValue(field: ManagedField, a: FieldValue, b: FieldValue): boolean {
  switch (field) {
    case "phoneNumbers":
      return samePhones(a as PhoneNumber[] | null | undefined, b as PhoneNumber[] | null | undefined);
    case "address":
      return sameAddress(
        normalAddress(a as Address | null | undefined),
        normalAddress(b as Address | null | undefined),
      );
    default:
      return normalValue(field, a) === normalValue(field, b);
  }
}

function samePhones(
  a: readonly PhoneNumber[] | null | undefined,
  b: readonly PhoneNumber[] | null | undefined,
): boolean {
  if ((a ?? []).length !== (b ?? []).length) return false;
  const left = sortedPhones(a ?? []);
  const right = sortedPhones(b ?? []);
  return left.every((p, i) => {
    const other = right[i];
    return other !== undefined && p.type === other.type && p.number === other.number;
  });
}

function sameAddress(a: Address | null, b: Address | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.street === b.street && a.postalCode === b.postalCode && a.city === b.city && a.country === b.country
  );
}

/** The value to send for a field: what the mapping gave, with "" and empty addresses as null. */
export function sendValue(field: ManagedField, value: FieldValue): ContactInput[ManagedField] {
  switch (field) {
    case "phoneNumbers":
      return ((value as PhoneNumber[] | null | undefined) ?? []).map((p) => ({ ...p }));
    case "address": {
      const address = value as Address | null | undefined;
      if (!address || normalAddress(address) === null) return null;
      return {
        street: normalText(address.street),
        postalCode: normalText(address.postalCode),
        city: normalText(address.city),
        country: normalText(address.country),
      };
    }
    default:
      return normalText(value as string | null | undefined);
  }
}

/** Whether a value counts as empty (so a create need not list it as a change). */
export function isEmpty(field: ManagedField, value: FieldValue): boolean {
  const normal = normalValue(field, value);
  return normal === null || (Array.isArray(normal) && normal.length === 0);
}
