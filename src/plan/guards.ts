import { UsageError } from "../model/errors.js";
import type { Plan } from "./types.js";

export interface GuardInput {
  plan: Plan;
  maxDeletes: number;
  maxDeletePercent: number;
  /**
   * `sync.minDeletesForPercentGuard`: the percentage guards (max-delete-percent, shrink) stop a run only
   * when it deletes (or the source lost) at least this many. In a five-person company one leaver is 20 %;
   * a guard that trips on every leaver gets switched off. Absent: no floor.
   */
  minDeletesForPercentGuard?: number;
  /**
   * Deletes held back by `sync.deleteAfter` (not yet due). The plan's delete entries are the due ones,
   * which the guards count; when nothing is due, a source that shrank deletes nobody in this run.
   */
  pendingDeletes?: number;
  /** `sync.deletes`: with `keep` the plan deletes nothing, so a shrinking source is a warning, not a stop. */
  deletes?: "delete" | "keep";
  /** The desired count of the last good run, if known: a sharp fall means the source read went wrong. */
  previousDesiredCount?: number;
  /** What the operator gave `--approve-deletes`, as `readApproval` returns it. */
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
  /** Guards that found something that does not stop this plan (the shrink guard when deletes are kept). */
  warnings: GuardTrip[];
  /** True when approvedHash names exactly this plan. */
  approved: boolean;
}

/**
 * How many leading characters of a plan hash name it: the summary line prints them, and
 * `--approve-deletes` accepts them (48 bits: no other plan of this directory shares them by accident).
 */
export const APPROVAL_PREFIX_LENGTH = 12;

/** The form of a plan hash the operator is shown and may approve with. */
export function shortHash(hash: string): string {
  return hash.slice(0, APPROVAL_PREFIX_LENGTH);
}

/**
 * Checks the value of `--approve-deletes` before the run starts and returns it in lower case: a plan hash
 * or a prefix of at least APPROVAL_PREFIX_LENGTH hexadecimal characters of one (exit 64 otherwise).
 */
export function readApproval(value: string): string {
  const hash = value.trim().toLowerCase();
  if (!/^[0-9a-f]*$/.test(hash)) {
    throw new UsageError(
      `--approve-deletes takes the plan hash that \`mbn-ad-sync plan\` prints (hexadecimal), not "${value}".`,
    );
  }
  if (hash.length < APPROVAL_PREFIX_LENGTH) {
    throw new UsageError(
      `--approve-deletes needs at least ${APPROVAL_PREFIX_LENGTH} characters of the plan hash, as the summary line ` +
        `\`Plan <hash>: …\` of \`mbn-ad-sync plan\` prints them; "${value}" has ${hash.length}.`,
    );
  }
  return hash;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** What each guard looks at. */
interface Counts {
  deletes: number;
  managed: number;
  desired: number;
  previousDesired: number | undefined;
  /** Below this many deletes (or users lost), the percentage guards do not stop a run. */
  floor: number;
}

/** `part * 100 > percent * whole` in integers: exact, so "exactly the limit" always passes. */
function overPercent(part: number, percent: number, whole: number): boolean {
  return part * 100 > percent * whole;
}

const asPercent = (part: number, whole: number): string => ((part * 100) / whole).toFixed(1);

function maxDeletesGuard(c: Counts, input: GuardInput): string | null {
  if (c.deletes <= input.maxDeletes) return null;
  return `The plan deletes ${plural(c.deletes, "contact")}, more than sync.maxDeletes (${input.maxDeletes}).`;
}

/**
 * The share is of the larger of the managed contacts before the run and the desired contacts after it:
 * a first sync that creates 960 and removes 2 stale contacts is 0.2 %, a read that lost half the
 * directory is still 50 %.
 */
function percentGuard(c: Counts, input: GuardInput): string | null {
  const whole = Math.max(c.managed, c.desired);
  if (c.managed === 0 || c.deletes < c.floor || !overPercent(c.deletes, input.maxDeletePercent, whole))
    return null;
  const of =
    whole === c.managed
      ? plural(c.managed, "managed contact")
      : `${whole} contacts (the users in scope, more than the ${c.managed} managed now)`;
  return (
    `The plan deletes ${c.deletes} of ${of} (${asPercent(c.deletes, whole)} %), ` +
    `more than sync.maxDeletePercent (${input.maxDeletePercent} %)${floorNote(c)}.`
  );
}

const floorNote = (c: Counts): string =>
  c.floor > 0 ? ` and at least sync.minDeletesForPercentGuard (${c.floor})` : "";

function shrinkGuard(c: Counts, input: GuardInput): string | null {
  const previous = c.previousDesired;
  if (previous === undefined || previous === 0 || c.desired >= previous) return null;
  const fall = previous - c.desired;
  if (fall < c.floor || !overPercent(fall, input.maxDeletePercent, previous)) return null;
  return (
    `The source now yields ${plural(c.desired, "user")}, ${fall} fewer than the ${previous} of the last good run ` +
    `(${asPercent(fall, previous)} %, more than sync.maxDeletePercent ${input.maxDeletePercent} %${floorNote(c)}). ` +
    "Check the source filter, group and base DNs."
  );
}

/** The guards in the order they are reported; each says what it found, or null. */
const GUARDS: [GuardName, (c: Counts, input: GuardInput) => string | null][] = [
  ["max-deletes", maxDeletesGuard],
  ["max-delete-percent", percentGuard],
  ["shrink", shrinkGuard],
];

/**
 * With deletes kept, or with every delete still waiting out sync.deleteAfter, the plan removes no contact,
 * so a source that shrank loses nobody in this run: tell, don't stop. When those deletes fall due, the
 * delete guards count them.
 */
function onlyWarns(guard: GuardName, input: GuardInput, c: Counts): boolean {
  if (guard !== "shrink") return false;
  return input.deletes === "keep" || (c.deletes === 0 && (input.pendingDeletes ?? 0) > 0);
}

function warningOf(found: string, input: GuardInput): string {
  return input.deletes === "keep"
    ? `${found} Nothing is deleted (sync.deletes: keep), so the run goes on.`
    : `${found} Nothing is deleted before sync.deleteAfter has passed, so the run goes on.`;
}

function howToProceed(input: GuardInput, approved: boolean): string {
  const short = shortHash(input.plan.hash);
  if (input.approvedHash !== undefined && !approved) {
    return (
      `The approved hash ${input.approvedHash} does not match this plan (${short}): the plan changed since it was approved. ` +
      "Review it again with `mbn-ad-sync plan` and approve the new hash with `--approve-deletes <hash>`."
    );
  }
  return (
    "Review the plan with `mbn-ad-sync plan`, then rerun with " +
    `\`--approve-deletes ${short}\` to let exactly this plan through, or raise sync.maxDeletes / sync.maxDeletePercent.`
  );
}

/**
 * Stops a plan that would delete too much. Limits are inclusive: exactly maxDeletes deletes, or exactly
 * maxDeletePercent % of the larger of the managed and desired counts, passes; the percentage guards stop
 * nothing below minDeletesForPercentGuard. The shrink guard is the percent test on the fall of the desired
 * count since the last good run; with `deletes: keep`, or when every delete is still pending, it only warns. An approval (a prefix of
 * at least APPROVAL_PREFIX_LENGTH characters of the plan hash, see readApproval) lets exactly that plan
 * through every guard.
 */
export function checkGuards(input: GuardInput): GuardResult {
  const { plan } = input;
  const approval = input.approvedHash === undefined ? undefined : readApproval(input.approvedHash);
  const approved = approval !== undefined && plan.hash.startsWith(approval);
  const counts: Counts = {
    deletes: plan.entries.filter((e) => e.action === "delete").length,
    managed: plan.managedCount,
    desired: plan.desiredCount,
    previousDesired: input.previousDesiredCount,
    floor: input.minDeletesForPercentGuard ?? 0,
  };
  const trips: GuardTrip[] = [];
  const warnings: GuardTrip[] = [];
  for (const [guard, check] of GUARDS) {
    const found = check(counts, input);
    if (found === null) continue;
    if (onlyWarns(guard, input, counts)) {
      warnings.push({ guard, message: warningOf(found, input) });
    } else {
      trips.push({ guard, message: `${found} ${howToProceed(input, approved)}` });
    }
  }
  const stopping = approved ? [] : trips;
  return { ok: stopping.length === 0, trips: stopping, warnings, approved };
}
