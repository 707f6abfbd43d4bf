import { emptyContactInput } from "../model/contact.js";
import type { ContactInput, ManagedField } from "../model/contact.js";
import type { DesiredContact } from "../model/desired.js";
import { setField } from "./diff.js";
import { isEmpty, sendValue } from "./normalize.js";
import type { CreateEntry, FieldChange } from "./types.js";

/**
 * A create whose `changes` (each managed field it sets, from null to what its `input` holds) are made
 * from `input` when they are read, not kept beside it: the kept lists were about 50 MB for 100,000
 * creates, alive to the end of the run. `changes` is an own enumerable getter defined right after
 * `input`, so JSON.stringify (the plan file, the hash), a spread and structuredClone see plain data with
 * the entry's keys in their order.
 */
class Create {
  declare readonly action: "create";
  declare readonly externalId: string;
  declare readonly source: string;
  declare readonly input: ContactInput;
  readonly #managed: readonly ManagedField[];

  constructor(d: DesiredContact, input: ContactInput, managed: readonly ManagedField[]) {
    Object.assign(this, { action: "create", externalId: d.externalId, source: d.source, input });
    this.#managed = managed;
    Object.defineProperty(this, "changes", Create.#changes);
  }

  /** One getter shared by every create (a getter per entry would cost a hidden class per entry). */
  static readonly #changes: PropertyDescriptor = {
    enumerable: true,
    get(this: Create): FieldChange[] {
      return createChanges(this.input, this.#managed);
    },
  };
}

/**
 * The changes of a create with this input: each managed field the input sets, from null, in managed-field
 * order: a create's `changes`, and what a plan file's creates are checked against (the hash leaves them out).
 */
export function createChanges(input: ContactInput, managed: readonly ManagedField[]): FieldChange[] {
  return managed
    .filter((field) => !isEmpty(field, input[field]))
    .map((field) => ({ field, from: null, to: input[field] }));
}

/** The create of a desired contact: its POST body, empty but for the managed fields and the key. */
export function createEntry(d: DesiredContact, managedFields: readonly ManagedField[]): CreateEntry {
  const input = emptyContactInput();
  input.externalId = d.externalId;
  for (const field of managedFields) setField(input, field, sendValue(field, d.fields[field]));
  return new Create(d, input, managedFields) as unknown as CreateEntry;
}
