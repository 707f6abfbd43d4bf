import { toInput } from "../model/contact.js";
import { matchKey } from "./keys.js";
import type { Sides } from "./sides.js";
import type { DeleteEntry, PlanInput } from "./types.js";

export interface Deletes {
  deletes: DeleteEntry[];
  kept: number;
  skippedKept: number;
}

/**
 * Managed contacts with no desired contact: deleted, unless the mapping skipped their user or the
 * options keep them; each of those is counted instead. The sources return every user in scope or
 * throw, so a missing user is one who left the scope, never one a failed read lost.
 */
export function planDeletes(input: PlanInput, sides: Sides): Deletes {
  const result: Deletes = { deletes: [], kept: 0, skippedKept: 0 };
  const skippedKeys = new Set<string>();
  for (const skip of input.skipped ?? []) if (skip.externalId) skippedKeys.add(matchKey(skip.externalId));
  for (const [key, [contact]] of sides.managedByKey) {
    if (contact === undefined || sides.blocked.has(key) || sides.desiredByKey.has(key)) continue;
    if (skippedKeys.has(key)) result.skippedKept++;
    else if (input.options.deletes === "keep") result.kept++;
    else {
      result.deletes.push({
        action: "delete",
        contactId: contact.id,
        externalId: contact.externalId,
        baseVersion: contact.version,
        before: toInput(contact),
      });
    }
  }
  return result;
}
