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

function normalPhones(phones: readonly PhoneNumber[] | null | undefined): PhoneNumber[] {
  return [...(phones ?? [])]
    .map((p) => ({ type: p.type, number: p.number }))
    .sort((a, b) => compareText(a.type, b.type) || compareText(a.number, b.number));
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
  return Object.values(normal).every((v) => v === null) ? null : normal;
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

export function sameValue(field: ManagedField, a: FieldValue, b: FieldValue): boolean {
  return JSON.stringify(normalValue(field, a)) === JSON.stringify(normalValue(field, b));
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
