import { emptyContactInput } from "../model/contact.js";
import type { ContactInput, ManagedField, ManagedValues } from "../model/contact.js";
import type { DesiredContact } from "../model/desired.js";
import { setField } from "./diff.js";
import { isEmpty, sendValue } from "./normalize.js";
import type { CreateEntry, FieldChange } from "./types.js";

/**
 * A create whose `changes` (each managed field it sets, from null to what its `input` holds) are made
 * from `input` when they are read, not kept beside it: the kept lists were about 50 MB for 100,000
 * creates, alive to the end of the run. `changes` is an own enumerable getter defined right after
 * `input`, so JSON.stringify (the plan file, the hash), a spread and structuredClone see plain data with
 * the entry's keys in their order. The fields it sets are one bit each of `#set`, in managed-field order.
 */
class Create {
  declare readonly action: "create";
  declare readonly externalId: string;
  declare readonly source: string;
  declare readonly input: ContactInput;
  readonly #managed: readonly ManagedField[];
  readonly #set: number;

  constructor(d: DesiredContact, input: ContactInput, managed: readonly ManagedField[], set: number) {
    Object.assign(this, { action: "create", externalId: d.externalId, source: d.source, input });
    this.#managed = managed;
    this.#set = set;
    Object.defineProperty(this, "changes", Create.#changes);
  }

  /** One getter shared by every create (a getter per entry would cost a hidden class per entry). */
  static readonly #changes: PropertyDescriptor = {
    enumerable: true,
    get(this: Create): FieldChange[] {
      const changes: FieldChange[] = [];
      this.#managed.forEach((field, i) => {
        if (this.#set & (1 << i)) changes.push({ field, from: null, to: this.input[field] });
      });
      return changes;
    },
  };
}

/**
 * The changes of a create with this input: each managed field the input sets, from null, in managed-field
 * order. What createEntry's creates list (isEmpty gives the same answer for a desired value and the value
 * sendValue makes of it); a plan file's creates are checked against it, since the hash leaves them out.
 */
export function createChanges(input: ContactInput, managed: readonly ManagedField[]): FieldChange[] {
  return managed
    .filter((field) => !isEmpty(field, input[field]))
    .map((field) => ({ field, from: null, to: input[field] }));
}

/** The create of a desired contact: its POST body, empty but for the managed fields and the key. */
export function createEntry(d: DesiredContact, managedFields: readonly ManagedField[]): CreateEntry {
  if (managedFields.length > 30) throw new RangeError("createEntry: more managed fields than bits");
  const fields: ManagedValues = d.fields;
  const input = emptyContactInput();
  input.externalId = d.externalId;
  let set = 0;
  managedFields.forEach((field, i) => {
    const desired = fields[field];
    setField(input, field, sendValue(field, desired));
    if (!isEmpty(field, desired)) set |= 1 << i;
  });
  return new Create(d, input, managedFields, set) as unknown as CreateEntry;
}
