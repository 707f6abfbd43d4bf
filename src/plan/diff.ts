import { toInput } from "../model/contact.js";
import type { Contact, ContactInput, ManagedField, ManagedValues } from "../model/contact.js";
import { sameValue, sendValue } from "./normalize.js";
import type { FieldChange } from "./types.js";

export interface FieldDiff {
  changes: FieldChange[];
  input: ContactInput;
}

/** Sets one managed field of a PUT or POST body (a typed assignment for a field only known at run time). */
export function setField<F extends ManagedField>(
  input: ContactInput,
  field: F,
  value: ContactInput[F],
): void {
  input[field] = value;
}

/**
 * What a PUT must send to bring `contact` to the desired values: the stored contact with only the
 * managed fields that differ replaced, so unmanaged fields (notes typed by hand) and fields that
 * differ only in formatting go back exactly as stored, and the change list is exactly what changes.
 * Null when nothing differs: most contacts of a run are unchanged, and building a PUT body for
 * each of them only to drop it was a good part of the planner's time.
 */
export function diffContact(
  contact: Contact,
  fields: ManagedValues,
  managedFields: readonly ManagedField[],
  externalId: string,
): FieldDiff | null {
  const keyChanges = contact.externalId !== externalId;
  const changed = managedFields.filter((field) => !sameValue(field, contact[field], fields[field]));
  if (!keyChanges && changed.length === 0) return null;

  const input = toInput(contact);
  const changes: FieldChange[] = [];
  if (keyChanges) {
    changes.push({ field: "externalId", from: contact.externalId, to: externalId });
    input.externalId = externalId;
  }
  for (const field of changed) {
    const to = sendValue(field, fields[field]);
    changes.push({ field, from: contact[field], to });
    setField(input, field, to);
  }
  return { changes, input };
}
