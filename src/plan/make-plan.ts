import type { ManagedField } from "../model/contact.js";
import { planDeletes } from "./deletes.js";
import { planHash } from "./hash.js";
import { planMatches } from "./matches.js";
import { compareText } from "./normalize.js";
import { groupSides } from "./sides.js";
import type { Conflict, CreateEntry, DeleteEntry, Plan, PlanEntry, PlanInput, UpdateEntry } from "./types.js";

/**
 * Decides every write of a run, from data alone. Only contacts carrying the prefix are updated or
 * deleted; anything whose match is not unique is a conflict and is left alone on both sides.
 * The result does not depend on the order of the inputs.
 */
export function makePlan(input: PlanInput): Plan {
  const managedFields = [...new Set<ManagedField>(input.managedFields)];
  const sides = groupSides(input);
  const matches = planMatches(input, sides, managedFields);
  const { deletes, kept, skippedKept, pending, missingSince } = planDeletes(input, sides);
  const entries = orderEntries(matches.creates, matches.updates, deletes);
  const conflicts = [...sides.conflicts, ...matches.conflicts];
  return {
    entries,
    unchanged: matches.unchanged,
    kept,
    skippedKept,
    managedCount: sides.managedCount,
    desiredCount: input.desired.length,
    conflicts: conflicts.sort(compareConflicts),
    pendingDeletes: pending,
    missingSince,
    hash: planHash(entries),
  };
}

function byKey(a: { externalId: string }, b: { externalId: string }): number {
  return compareText(a.externalId, b.externalId);
}

function byKeyThenId(a: DeleteEntry | UpdateEntry, b: DeleteEntry | UpdateEntry): number {
  return byKey(a, b) || compareText(a.contactId, b.contactId);
}

/** Creates, then updates, then deletes, each sorted by key: the same plan whatever the input order. */
function orderEntries(creates: CreateEntry[], updates: UpdateEntry[], deletes: DeleteEntry[]): PlanEntry[] {
  return [...creates.sort(byKey), ...updates.sort(byKeyThenId), ...deletes.sort(byKeyThenId)];
}

function compareConflicts(a: Conflict, b: Conflict): number {
  return (
    compareText(a.externalId ?? "", b.externalId ?? "") ||
    compareText(a.sources.join("\n"), b.sources.join("\n")) ||
    compareText(a.contactIds.join("\n"), b.contactIds.join("\n"))
  );
}
