import type { Plan } from "./types.js";

export interface GuardInput {
  plan: Plan;
  maxDeletes: number;
  maxDeletePercent: number;
  /** The desired count of the last good run, if known: a sharp fall means the source read went wrong. */
  previousDesiredCount?: number;
  /** The plan hash the operator approved with `--approve-deletes`. */
  approvedHash?: string;
}

export type GuardName = "max-deletes" | "max-delete-percent" | "shrink";

export interface GuardTrip {
  guard: GuardName;
  /** What tripped, with the numbers, and how to proceed. */
  message: string;
}

export interface GuardResult {
  /** True when the plan may be applied. */
  ok: boolean;
  /** The guards that still stop the plan (approved ones removed). */
  trips: GuardTrip[];
  /** True when approvedHash names exactly this plan. */
  approved: boolean;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * Stops a plan that would delete too much. Limits are inclusive: exactly maxDeletes deletes, or
 * exactly maxDeletePercent % of the managed contacts, passes. The percent guard is
 * `deletes * 100 > maxDeletePercent * managedCount` (no trip when nothing is managed yet); the
 * shrink guard is the same test on the fall of the desired count since the last good run.
 * An approval by hash lets exactly that plan through every guard.
 */
export function checkGuards(input: GuardInput): GuardResult {
  const { plan, maxDeletes, maxDeletePercent } = input;
  const deletes = plan.entries.filter((e) => e.action === "delete").length;
  const approved = input.approvedHash !== undefined && input.approvedHash === plan.hash;
  const wrongHash = input.approvedHash !== undefined && !approved;
  const howTo = wrongHash
    ? `The approved hash ${input.approvedHash ?? ""} does not match this plan (${plan.hash}): the plan changed since it was approved. ` +
      "Review it again with `mbn-ad-sync plan` and approve the new hash with `--approve-deletes <hash>`."
    : "Review the plan with `mbn-ad-sync plan`, then rerun with " +
      `\`--approve-deletes ${plan.hash}\` to let exactly this plan through, or raise sync.maxDeletes / sync.maxDeletePercent.`;

  const trips: GuardTrip[] = [];

  if (deletes > maxDeletes) {
    trips.push({
      guard: "max-deletes",
      message: `The plan deletes ${plural(deletes, "contact")}, more than sync.maxDeletes (${maxDeletes}). ${howTo}`,
    });
  }
  if (plan.managedCount > 0 && deletes * 100 > maxDeletePercent * plan.managedCount) {
    const percent = ((deletes * 100) / plan.managedCount).toFixed(1);
    trips.push({
      guard: "max-delete-percent",
      message:
        `The plan deletes ${deletes} of ${plural(plan.managedCount, "managed contact")} (${percent} %), ` +
        `more than sync.maxDeletePercent (${maxDeletePercent} %). ${howTo}`,
    });
  }
  const previous = input.previousDesiredCount;
  if (previous !== undefined && previous > 0 && plan.desiredCount < previous) {
    const fall = previous - plan.desiredCount;
    if (fall * 100 > maxDeletePercent * previous) {
      const percent = ((fall * 100) / previous).toFixed(1);
      trips.push({
        guard: "shrink",
        message:
          `The source now yields ${plural(plan.desiredCount, "user")}, ${fall} fewer than the ${previous} of the last good run ` +
          `(${percent} %, more than sync.maxDeletePercent ${maxDeletePercent} %). Check the source filter, group and base DNs. ${howTo}`,
      });
    }
  }

  const stopping = approved ? [] : trips;
  return { ok: stopping.length === 0, trips: stopping, approved };
}
