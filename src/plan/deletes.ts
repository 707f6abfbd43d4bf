import { toInput } from "../model/contact.js";
import { matchKey } from "./keys.js";
import type { Sides } from "./sides.js";
import type { DeleteEntry, PlanInput } from "./types.js";

export interface Deletes {
  deletes: DeleteEntry[];
  kept: number;
  deletesWithheld: number;
  skippedKept: number;
}

/**
 * Managed contacts with no desired contact: deleted, unless the mapping skipped their user, the
 * options keep them, or the source read was incomplete; each of those is counted instead.
 */
export function planDeletes(input: PlanInput, sides: Sides): Deletes {
  const result: Deletes = { deletes: [], kept: 0, deletesWithheld: 0, skippedKept: 0 };
  const skippedKeys = new Set<string>();
  for (const skip of input.skipped ?? []) if (skip.externalId) skippedKeys.add(matchKey(skip.externalId));
  for (const [key, [contact]] of sides.managedByKey) {
    if (contact === undefined || sides.blocked.has(key) || sides.desiredByKey.has(key)) continue;
    if (skippedKeys.has(key)) result.skippedKept++;
    else if (input.options.deletes === "keep") result.kept++;
    else if (!input.options.sourceComplete) result.deletesWithheld++;
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
