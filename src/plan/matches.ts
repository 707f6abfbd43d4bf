import type { Contact, ManagedField } from "../model/contact.js";
import type { DesiredContact } from "../model/desired.js";
import { matchAdoptions } from "./adopt.js";
import { createEntry } from "./create-entry.js";
import { diffContact } from "./diff.js";
import type { Sides } from "./sides.js";
import type { Conflict, CreateEntry, PlanInput, UpdateEntry } from "./types.js";

export interface Matches {
  updates: UpdateEntry[];
  unchanged: number;
  creates: CreateEntry[];
  /** Adoptions that were not unique. */
  conflicts: Conflict[];
}

/**
 * Every desired contact that is not blocked becomes an update of its managed contact (or nothing,
 * when in step), an adoption of a hand-made contact, or a create.
 */
export function planMatches(input: PlanInput, sides: Sides, managedFields: readonly ManagedField[]): Matches {
  const matches: Matches = { updates: [], unchanged: 0, creates: [], conflicts: [] };
  // Each match is diffed as soon as it is found: most are unchanged and leave nothing behind,
  // where a list of every pair lived until the end of the plan.
  const update = (d: DesiredContact, contact: Contact, adopt: boolean): void => {
    const entry = updateEntry(d, contact, managedFields, adopt);
    if (entry === null) matches.unchanged++;
    else matches.updates.push(entry);
  };

  const unmatched: DesiredContact[] = [];
  for (const [key, [d]] of sides.desiredByKey) {
    if (d === undefined || sides.blocked.has(key)) continue;
    const contact = sides.managedByKey.get(key)?.[0];
    if (contact) update(d, contact, false);
    else unmatched.push(d);
  }

  let toCreate = unmatched;
  const matchBy = input.options.adopt?.matchBy ?? [];
  if (matchBy.length > 0) {
    const adoption = matchAdoptions(unmatched, input.contacts, matchBy, input.options.prefix);
    for (const { desired: d, contact } of adoption.adopted) update(d, contact, true);
    matches.conflicts.push(...adoption.conflicts);
    toCreate = adoption.unmatched;
  }

  matches.creates = toCreate.map((d) => createEntry(d, managedFields));
  return matches;
}

/** The update bringing `contact` to `d`; null when it is already in step. */
function updateEntry(
  d: DesiredContact,
  contact: Contact,
  managedFields: readonly ManagedField[],
  adopt: boolean,
): UpdateEntry | null {
  const diff = diffContact(contact, d.fields, managedFields, d.externalId);
  if (diff === null) return null;
  return {
    action: "update",
    contactId: contact.id,
    externalId: d.externalId,
    source: d.source,
    baseVersion: contact.version,
    input: diff.input,
    changes: diff.changes,
    adopt,
  };
}
