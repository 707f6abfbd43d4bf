import type { DesiredContact } from "../model/desired.js";
import { addTo, isManaged, matchKey, type ManagedContact } from "./keys.js";
import { compareText } from "./normalize.js";
import type { Conflict, PlanInput } from "./types.js";

/** Both sides of a run grouped by match key, and the keys the planner must leave alone. */
export interface Sides {
  managedByKey: Map<string, ManagedContact[]>;
  managedCount: number;
  desiredByKey: Map<string, DesiredContact[]>;
  /** Keys whose match is not unique (or not the tool's): nothing is written for them on either side. */
  blocked: Set<string>;
  conflicts: Conflict[];
}

/**
 * One pass over each side: with 100,000 contacts, every extra pass over them shows. A key that is
 * not unique on either side is blocked, with a conflict saying why.
 */
export function groupSides(input: PlanInput): Sides {
  const { prefix } = input.options;
  const sides: Sides = {
    managedByKey: new Map(),
    managedCount: 0,
    desiredByKey: new Map(),
    blocked: new Set(),
    conflicts: [],
  };
  for (const c of input.contacts) {
    if (!isManaged(c, prefix)) continue;
    addTo(sides.managedByKey, matchKey(c.externalId), c);
    sides.managedCount++;
  }
  for (const d of input.desired) {
    if (d.externalId.startsWith(prefix)) addTo(sides.desiredByKey, matchKey(d.externalId), d);
    else blockUnprefixed(sides, d, prefix);
  }
  blockDuplicateUsers(sides);
  blockDuplicateContacts(sides);
  return sides;
}

/** A key without the prefix would create a contact the tool could never recognise again. */
function blockUnprefixed(sides: Sides, d: DesiredContact, prefix: string): void {
  sides.blocked.add(matchKey(d.externalId));
  sides.conflicts.push({
    externalId: d.externalId,
    sources: [d.source],
    contactIds: [],
    reason: `externalId "${d.externalId}" of ${d.source} does not start with the prefix "${prefix}"; check the mapping of externalId.`,
  });
}

function contactIdsOf(sides: Sides, key: string): string[] {
  return (sides.managedByKey.get(key) ?? []).map((c) => c.id).sort(compareText);
}

function blockDuplicateUsers(sides: Sides): void {
  for (const [key, group] of sides.desiredByKey) {
    if (group.length < 2) continue;
    sides.blocked.add(key);
    const sources = group.map((d) => d.source).sort(compareText);
    sides.conflicts.push({
      externalId: key,
      sources,
      contactIds: contactIdsOf(sides, key),
      reason:
        `${group.length} users in the source share externalId ${key} (duplicate objectGUID): ${sources.join(", ")}. ` +
        "None of them is synced and the MBN contact is left as it is; fix the source data.",
    });
  }
}

function blockDuplicateContacts(sides: Sides): void {
  for (const [key, group] of sides.managedByKey) {
    if (group.length < 2 || sides.blocked.has(key)) continue;
    sides.blocked.add(key);
    sides.conflicts.push({
      externalId: key,
      sources: (sides.desiredByKey.get(key) ?? []).map((d) => d.source).sort(compareText),
      contactIds: contactIdsOf(sides, key),
      reason:
        `${group.length} MBN contacts carry externalId ${key}; none of them is updated or deleted. ` +
        "Delete the extra contacts in MBN.",
    });
  }
}
