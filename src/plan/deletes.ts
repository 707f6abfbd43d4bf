import { toInput } from "../model/contact.js";
import { matchKey, type ManagedContact } from "./keys.js";
import { compareText } from "./normalize.js";
import type { Sides } from "./sides.js";
import type { DeleteEntry, MissingSince, PendingDelete, PlanInput } from "./types.js";

export interface Deletes {
  deletes: DeleteEntry[];
  kept: number;
  skippedKept: number;
  pending: PendingDelete[];
  missingSince: MissingSince[];
}

/** When a delete of a user missing since `since` falls due: since + deleteAfter. */
interface Grace {
  deleteAfterMs: number;
  now: number;
  nowIso: string;
  /** Since when each key is missing, from the last run's list. */
  since: Map<string, string>;
}

function graceOf(input: PlanInput): Grace | null {
  const deleteAfterMs = input.options.deleteAfterMs ?? 0;
  if (deleteAfterMs <= 0) return null;
  if (input.now === undefined) throw new Error("makePlan: options.deleteAfterMs needs input.now");
  const since = new Map<string, string>();
  for (const m of input.missingSince ?? []) since.set(matchKey(m.externalId), m.since);
  return { deleteAfterMs, now: Date.parse(input.now), nowIso: input.now, since };
}

function nameOf(contact: ManagedContact): string | null {
  const full = [contact.firstName, contact.lastName].filter(Boolean).join(" ");
  return contact.displayName || full || null;
}

/**
 * The delete of a contact whose user is missing, or, under a grace period, the pending delete until it
 * is due. A date the last run saved that lies after now (a clock set back) counts from now: a grace
 * period never ends early.
 */
function deleteOrWait(contact: ManagedContact, key: string, grace: Grace | null, result: Deletes): void {
  if (grace !== null) {
    const recorded = grace.since.get(key);
    const recordedAt = recorded === undefined ? NaN : Date.parse(recorded);
    const since = recordedAt <= grace.now ? (recorded as string) : grace.nowIso;
    const due = Date.parse(since) + grace.deleteAfterMs;
    result.missingSince.push({ externalId: contact.externalId, since });
    if (due > grace.now) {
      const dueIso = new Date(due).toISOString();
      result.pending.push({
        externalId: contact.externalId,
        contactId: contact.id,
        name: nameOf(contact),
        missingSince: since,
        due: dueIso,
      });
      return;
    }
  }
  result.deletes.push({
    action: "delete",
    contactId: contact.id,
    externalId: contact.externalId,
    baseVersion: contact.version,
    before: toInput(contact),
  });
}

/**
 * Managed contacts with no desired contact: deleted, unless the mapping skipped their user or the
 * options keep them; each of those is counted instead. Under `options.deleteAfterMs` a delete waits
 * until the user has been missing that long (a pending delete); a user back in the source drops out of
 * the list, so a return cancels it. The sources return every user in scope or throw, so a missing user
 * is one who left the scope, never one a failed read lost.
 */
export function planDeletes(input: PlanInput, sides: Sides): Deletes {
  const result: Deletes = { deletes: [], kept: 0, skippedKept: 0, pending: [], missingSince: [] };
  const grace = graceOf(input);
  const skippedKeys = new Set<string>();
  for (const skip of input.skipped ?? []) if (skip.externalId) skippedKeys.add(matchKey(skip.externalId));
  for (const [key, [contact]] of sides.managedByKey) {
    if (contact === undefined || sides.blocked.has(key) || sides.desiredByKey.has(key)) continue;
    if (skippedKeys.has(key)) result.skippedKept++;
    else if (input.options.deletes === "keep") result.kept++;
    else deleteOrWait(contact, key, grace, result);
  }
  const byKey = (a: { externalId: string }, b: { externalId: string }): number =>
    compareText(a.externalId, b.externalId);
  result.pending.sort(byKey);
  result.missingSince.sort(byKey);
  return result;
}
