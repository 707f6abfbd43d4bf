import { z } from "zod";

/** A saved plan that `apply` started writing from this state directory. */
export interface AppliedPlan {
  /** The plan hash (sha256 of its entries). */
  hash: string;
  /**
   * When the plan was made (the plan file's `createdAt`). With the hash it names one plan file: a plan made
   * later that happens to hold the same entries (a create whose contact was deleted by hand since) is a
   * new plan, and may be applied.
   */
  createdAt: string;
  /** ISO time its writes started. */
  appliedAt: string;
}

/** How many applied plans the state remembers, newest kept: enough for any review cycle, a few KB at most. */
export const MAX_APPLIED_PLANS = 100;

export const appliedPlanSchema = z.object({
  hash: z.string().min(1),
  createdAt: z.string(),
  appliedAt: z.iso.datetime(),
}) satisfies z.ZodType<AppliedPlan>;

/** The record of the plan file with this hash and creation time, if it was applied. */
export function findApplied(
  list: readonly AppliedPlan[],
  plan: { hash: string; createdAt: string },
): AppliedPlan | undefined {
  return list.find((a) => a.hash === plan.hash && a.createdAt === plan.createdAt);
}

/** The list with `applied` added last, cut to the newest MAX_APPLIED_PLANS. */
export function withApplied(list: readonly AppliedPlan[], applied: AppliedPlan): AppliedPlan[] {
  return [...list, applied].slice(-MAX_APPLIED_PLANS);
}
