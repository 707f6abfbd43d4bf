import { toInput } from "../model/contact.js";
import type { Contact, ManagedField } from "../model/contact.js";
import type { DesiredContact } from "../model/desired.js";
import { matchAdoptions } from "./adopt.js";
import { createContact, diffContact } from "./diff.js";
import { planHash } from "./hash.js";
import { addTo, isManaged, matchKey } from "./keys.js";
import { compareText } from "./normalize.js";
import type { Conflict, CreateEntry, DeleteEntry, Plan, PlanInput, UpdateEntry } from "./types.js";

/**
 * Decides every write of a run, from data alone. Only contacts carrying the prefix are updated or
 * deleted; anything whose match is not unique is a conflict and is left alone on both sides.
 * The result does not depend on the order of the inputs.
 */
export function makePlan(input: PlanInput): Plan {
  const { prefix } = input.options;
  const managedFields = [...new Set<ManagedField>(input.managedFields)];
  const conflicts: Conflict[] = [];
  const blocked = new Set<string>();

  // One pass over each side: with 100,000 contacts, every extra pass over them shows.
  const managedByKey = new Map<string, (Contact & { externalId: string })[]>();
  let managedCount = 0;
  for (const c of input.contacts) {
    if (!isManaged(c, prefix)) continue;
    addTo(managedByKey, matchKey(c.externalId), c);
    managedCount++;
  }
  const idsOf = (key: string): string[] => (managedByKey.get(key) ?? []).map((c) => c.id).sort(compareText);

  const desiredByKey = new Map<string, DesiredContact[]>();
  for (const d of input.desired) {
    if (d.externalId.startsWith(prefix)) {
      addTo(desiredByKey, matchKey(d.externalId), d);
      continue;
    }
    // A key without the prefix would create a contact the tool could never recognise again.
    blocked.add(matchKey(d.externalId));
    conflicts.push({
      externalId: d.externalId,
      sources: [d.source],
      contactIds: [],
      reason: `externalId "${d.externalId}" of ${d.source} does not start with the prefix "${prefix}"; check the mapping of externalId.`,
    });
  }

  for (const [key, group] of desiredByKey) {
    if (group.length < 2) continue;
    blocked.add(key);
    const sources = group.map((d) => d.source).sort(compareText);
    conflicts.push({
      externalId: key,
      sources,
      contactIds: idsOf(key),
      reason:
        `${group.length} users in the source share externalId ${key} (duplicate objectGUID): ${sources.join(", ")}. ` +
        "None of them is synced and the MBN contact is left as it is; fix the source data.",
    });
  }
  for (const [key, group] of managedByKey) {
    if (group.length < 2 || blocked.has(key)) continue;
    blocked.add(key);
    conflicts.push({
      externalId: key,
      sources: (desiredByKey.get(key) ?? []).map((d) => d.source).sort(compareText),
      contactIds: idsOf(key),
      reason:
        `${group.length} MBN contacts carry externalId ${key}; none of them is updated or deleted. ` +
        "Delete the extra contacts in MBN.",
    });
  }

  const updates: UpdateEntry[] = [];
  let unchanged = 0;
  // Each match is diffed as soon as it is found: most are unchanged and leave nothing behind,
  // where a list of every pair lived until the end of the plan.
  const update = (d: DesiredContact, contact: Contact, adopt: boolean): void => {
    const diff = diffContact(contact, d.fields, managedFields, d.externalId);
    if (diff === null) {
      unchanged++;
      return;
    }
    updates.push({
      action: "update",
      contactId: contact.id,
      externalId: d.externalId,
      source: d.source,
      baseVersion: contact.version,
      input: diff.input,
      changes: diff.changes,
      adopt,
    });
  };

  const unmatched: DesiredContact[] = [];
  for (const [key, [d]] of desiredByKey) {
    if (d === undefined || blocked.has(key)) continue;
    const contact = managedByKey.get(key)?.[0];
    if (contact) update(d, contact, false);
    else unmatched.push(d);
  }

  let toCreate = unmatched;
  const matchBy = input.options.adopt?.matchBy ?? [];
  if (matchBy.length > 0) {
    const adoption = matchAdoptions(unmatched, input.contacts, matchBy);
    for (const { desired: d, contact } of adoption.adopted) update(d, contact, true);
    conflicts.push(...adoption.conflicts);
    toCreate = adoption.unmatched;
  }

  const creates: CreateEntry[] = toCreate.map((d) => {
    const { input: body, changes } = createContact(d.fields, managedFields, d.externalId);
    return { action: "create", externalId: d.externalId, source: d.source, input: body, changes };
  });

  const deletes: DeleteEntry[] = [];
  let kept = 0;
  let deletesWithheld = 0;
  let skippedKept = 0;
  const skippedKeys = new Set<string>();
  for (const skip of input.skipped ?? []) if (skip.externalId) skippedKeys.add(matchKey(skip.externalId));
  for (const [key, [contact]] of managedByKey) {
    if (contact === undefined || blocked.has(key) || desiredByKey.has(key)) continue;
    if (skippedKeys.has(key)) skippedKept++;
    else if (input.options.deletes === "keep") kept++;
    else if (!input.options.sourceComplete) deletesWithheld++;
    else {
      deletes.push({
        action: "delete",
        contactId: contact.id,
        externalId: contact.externalId,
        baseVersion: contact.version,
        before: toInput(contact),
      });
    }
  }

  const byKey = (a: { externalId: string }, b: { externalId: string }): number =>
    compareText(a.externalId, b.externalId);
  const byKeyThenId = (a: DeleteEntry | UpdateEntry, b: DeleteEntry | UpdateEntry): number =>
    byKey(a, b) || compareText(a.contactId, b.contactId);
  const entries = [...creates.sort(byKey), ...updates.sort(byKeyThenId), ...deletes.sort(byKeyThenId)];

  return {
    entries,
    unchanged,
    kept,
    deletesWithheld,
    skippedKept,
    managedCount,
    desiredCount: input.desired.length,
    conflicts: conflicts.sort(compareConflicts),
    hash: planHash(entries),
  };
}

function compareConflicts(a: Conflict, b: Conflict): number {
  return (
    compareText(a.externalId ?? "", b.externalId ?? "") ||
    compareText(a.sources.join("\n"), b.sources.join("\n")) ||
    compareText(a.contactIds.join("\n"), b.contactIds.join("\n"))
  );
}
