/**
 * The contact as this project models it, independent of the wire format. The MBN client (src/mbn/)
 * converts between this and the API's JSON; today they coincide with contract v1.
 */

export const PHONE_TYPES = ["mobile", "work", "home", "fax", "other"] as const;
export type PhoneType = (typeof PHONE_TYPES)[number];

export interface PhoneNumber {
  type: PhoneType;
  /** E.164, e.g. +4791234567 */
  number: string;
}

export interface Address {
  street: string | null;
  postalCode: string | null;
  city: string | null;
  /** ISO 3166-1 alpha-2 */
  country: string | null;
}

/** Everything a client sends in a POST or PUT (the contract's ContactInput). */
export interface ContactInput {
  externalId: string | null;
  firstName: string | null;
  lastName: string | null;
  displayName: string | null;
  company: string | null;
  department: string | null;
  title: string | null;
  email: string | null;
  phoneNumbers: PhoneNumber[];
  address: Address | null;
  notes: string | null;
}

/** A contact as stored in MBN. */
export interface Contact extends ContactInput {
  id: string;
  version: number;
  modified: string;
}

/** The fields a mapping may manage: every input field but the key, which the tool always owns. */
export const MANAGEABLE_FIELDS = [
  "firstName",
  "lastName",
  "displayName",
  "company",
  "department",
  "title",
  "email",
  "phoneNumbers",
  "address",
  "notes",
] as const satisfies readonly (keyof ContactInput)[];
export type ManagedField = (typeof MANAGEABLE_FIELDS)[number];

/** The values a mapping produced for the fields it manages. */
export type ManagedValues = Partial<Pick<ContactInput, ManagedField>>;

/** Length limits of the contract (characters). */
export const FIELD_LIMITS = {
  externalId: 128,
  firstName: 64,
  lastName: 64,
  displayName: 128,
  company: 128,
  department: 128,
  title: 128,
  email: 254,
  notes: 1000,
} as const;

export const MAX_PHONE_NUMBERS = 5;

export function emptyContactInput(): ContactInput {
  return {
    externalId: null,
    firstName: null,
    lastName: null,
    displayName: null,
    company: null,
    department: null,
    title: null,
    email: null,
    phoneNumbers: [],
    address: null,
    notes: null,
  };
}

/** The input part of a stored contact: what a PUT must send back to keep it as it is. */
export function toInput(contact: Contact): ContactInput {
  return {
    externalId: contact.externalId,
    firstName: contact.firstName,
    lastName: contact.lastName,
    displayName: contact.displayName,
    company: contact.company,
    department: contact.department,
    title: contact.title,
    email: contact.email,
    phoneNumbers: contact.phoneNumbers.map((p) => ({ ...p })),
    address: contact.address ? { ...contact.address } : null,
    notes: contact.notes,
  };
}
