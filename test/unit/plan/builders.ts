import { emptyContactInput, MANAGEABLE_FIELDS } from "../../../src/model/contact.js";
import type { Contact, ManagedField, ManagedValues } from "../../../src/model/contact.js";
import type { DesiredContact } from "../../../src/model/desired.js";
import type { PlanInput, PlanOptions } from "../../../src/plan/index.js";

export const PREFIX = "ad:";

/** A canonical GUID made from a small number, so tests can name users 1, 2, 3… */
export function guid(n: number): string {
  return `abcdef00-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

export function key(n: number): string {
  return `${PREFIX}${guid(n)}`;
}

/** The fields the default mapping manages: everything but notes. */
export const MANAGED: readonly ManagedField[] = MANAGEABLE_FIELDS.filter((f) => f !== "notes");

export function fieldsFor(n: number, overrides: ManagedValues = {}): ManagedValues {
  return {
    firstName: `First${n}`,
    lastName: `Last${n}`,
    displayName: `First${n} Last${n}`,
    company: "Corp",
    department: "IT",
    title: "Engineer",
    email: `user${n}@corp.example`,
    phoneNumbers: [
      { type: "mobile", number: `+47900000${String(n).padStart(2, "0")}` },
      { type: "work", number: `+47220000${String(n).padStart(2, "0")}` },
    ],
    address: { street: "Main 1", postalCode: "0150", city: "Oslo", country: "NO" },
    ...overrides,
  };
}

export function desired(
  n: number,
  overrides: ManagedValues = {},
  extra: Partial<DesiredContact> = {},
): DesiredContact {
  return { externalId: key(n), source: `user${n}`, fields: fieldsFor(n, overrides), ...extra };
}

/** A stored contact in step with desired(n), unless overridden. */
export function contact(n: number, overrides: Partial<Contact> = {}): Contact {
  return {
    id: `c${String(n).padStart(4, "0")}`,
    version: 1,
    modified: "2026-01-01T00:00:00Z",
    ...emptyContactInput(),
    externalId: key(n),
    ...fieldsFor(n),
    ...overrides,
  };
}

/** A contact someone typed into MBN by hand: no externalId. */
export function handMade(id: string, overrides: Partial<Contact> = {}): Contact {
  return contact(0, {
    id,
    externalId: null,
    firstName: "Hand",
    lastName: "Made",
    displayName: "Hand Made",
    email: null,
    phoneNumbers: [],
    ...overrides,
  });
}

export function planInput(
  desiredContacts: DesiredContact[],
  contacts: Contact[],
  options: Partial<PlanOptions> = {},
): PlanInput {
  return {
    desired: desiredContacts,
    contacts,
    managedFields: MANAGED,
    options: { prefix: PREFIX, deletes: "delete", ...options },
  };
}

/** A deterministic shuffle (no Math.random: a failing order must be reproducible). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
