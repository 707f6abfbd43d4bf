import type { Contact, ManagedField, ManagedValues } from "../model/contact.js";
import { diffContact } from "./diff.js";
import { matchKey } from "./keys.js";
import type { CreateEntry, UpdateEntry } from "./types.js";

export type RebaseResult =
  { kind: "update"; entry: UpdateEntry } | { kind: "unchanged" } | { kind: "conflict"; reason: string };

/**
 * Re-plans one write against a freshly read contact: after a 412 on an update (someone changed the
 * contact since it was mirrored) or a 409 on a create (it exists already, e.g. a lost answer).
 * The entry's input carries the desired value of every managed field (a field that did not change
 * holds the stored value, which equals the desired one), so diffing it against the fresh contact
 * gives exactly the write still needed, with the fresh version and the fresh unmanaged fields.
 */
export function rebaseEntry(
  entry: CreateEntry | UpdateEntry,
  fresh: Contact,
  managedFields: readonly ManagedField[],
): RebaseResult {
  const sameKey = fresh.externalId !== null && matchKey(fresh.externalId) === matchKey(entry.externalId);
  const stillAdoptable = entry.action === "update" && entry.adopt && fresh.externalId === null;
  if (!sameKey && !stillAdoptable) {
    return {
      kind: "conflict",
      reason:
        `contact ${fresh.id} now carries externalId ${fresh.externalId ?? "(none)"}, not ${entry.externalId}: ` +
        "it was changed in MBN since the plan was made; run again to re-plan.",
    };
  }
  const desired: ManagedValues = {};
  for (const field of managedFields) Object.assign(desired, { [field]: entry.input[field] });
  const diff = diffContact(fresh, desired, managedFields, entry.externalId);
  if (diff === null) return { kind: "unchanged" };
  const { input, changes } = diff;
  return {
    kind: "update",
    entry: {
      action: "update",
      contactId: fresh.id,
      externalId: entry.externalId,
      source: entry.source,
      baseVersion: fresh.version,
      input,
      changes,
      adopt: entry.action === "update" && entry.adopt,
    },
  };
}
