import type { Skip, Warning } from "../model/desired.js";

/**
 * What became of one entry of the plan:
 * - "planned": not written, because the run wrote nothing (a dry run, or a guard stopped it);
 * - "done": MBN took the write;
 * - "already-present": the contact already held what was to be written (e.g. our own earlier create,
 *   found through MBN's 409), so nothing was written; "already-gone": the contact to delete was gone;
 * - "stale": not written because the contact changed in MBN since the plan (see `message`);
 * - "failed": the write failed (see `failures`);
 * - "not-attempted": never started, because the run was interrupted.
 */
export type ChangeStatus =
  "planned" | "done" | "already-present" | "already-gone" | "stale" | "failed" | "not-attempted";

/** Why a run wrote nothing: a dry run, a guard that stopped it, or a plan with no change. */
export type NotWrittenReason = "dry-run" | "guard" | "nothing-to-do";

/** One entry of the plan, as the operator sees it, and what became of it. */
export interface ChangeRecord {
  action: "create" | "update" | "delete";
  status: ChangeStatus;
  externalId: string;
  contactId: string | null;
  /** The user it comes from (sAMAccountName or DN); null for a delete. */
  source: string | null;
  /** The contact's name as it will be (or was, for a delete), for people reading the report. */
  name: string | null;
  /** The managed fields that change: old → new (old is null for a create, new is null for a delete). */
  fields: Record<string, { from: unknown; to: unknown }>;
  /** An update that takes over a contact entered by hand (adoption). */
  adopt?: boolean;
  /** Why it was not written: the reason of a "stale" or "failed" entry. */
  message?: string;
}

/** A write that failed (status "failed" in `changes`): its message and the API's status and code. */
export interface FailureRecord {
  action: "create" | "update" | "delete";
  externalId: string;
  contactId: string | null;
  source: string | null;
  message: string;
  status?: number;
  code?: number;
}

export interface ConflictRecord {
  externalId?: string;
  sources: string[];
  contactIds: string[];
  reason: string;
}

export interface GuardRecord {
  ok: boolean;
  approved: boolean;
  trips: { guard: string; message: string }[];
  /** Guards that found something but do not stop the run (the shrink guard with `sync.deletes: keep`). */
  warnings?: { guard: string; message: string }[];
}

/** A managed contact whose user is missing, kept until `sync.deleteAfter` has passed: not a write of this run. */
export interface PendingDeleteRecord {
  externalId: string;
  contactId: string;
  name: string | null;
  /** ISO time of the first run that found the user missing. */
  missingSince: string;
  /** ISO time from which a run deletes the contact (unless the user is back). */
  due: string;
}

/** The directory read: always the description and users; the rest only for an incremental LDAP source. */
export interface SourceRecord {
  description: string;
  users: number;
  excludedDisabled: number | null;
  /** source.incremental: whether this run read the whole scope or only the changes since the last run. */
  mode?: "full" | "delta";
  /** Why the read was full (first run, --full, another DC, a restored DC, a changed scope, the periodic full read). */
  reason?: string;
  /** User entries the DC returned: every user in scope for a full read, the changed ones for a delta. */
  entriesRead?: number;
  /** The DC read (its NTDS Settings DN and the url). */
  dc?: string;
  /** The USN range read, (from, to]; from is null for a full read. */
  usn?: { from: number | null; to: number };
}

/** The writes of a plan, by action. */
export interface ActionCounts {
  create: number;
  update: number;
  delete: number;
}

/**
 * The `--json` document of `sync`, `plan` and `apply` (README, "Commands": `--json`); text output is
 * rendered from it. `summary` is what this run did (all writes 0 when it wrote nothing); `planned` is
 * what the plan holds.
 */
export interface SyncReport {
  version: 2;
  mode: "dry-run" | "apply";
  /** True when the run sent the plan's writes to MBN; `summary` says what came of them. */
  written: boolean;
  /** Why nothing was written; null when `written`. */
  notWrittenBecause: NotWrittenReason | null;
  summary: ActionCounts & {
    /** Creates and updates whose contact already held the values: nothing written. */
    alreadyPresent: number;
    /** Deletes whose contact was already gone. */
    alreadyGone: number;
    /** Not written: the contact changed in MBN since the plan was made. */
    stale: number;
    /** Not started: the run was interrupted. */
    notAttempted: number;
    failed: number;
    unchanged: number;
    skipped: number;
    conflicts: number;
    /** Deletes waiting out sync.deleteAfter (see `pendingDeletes`); always set by buildReport. */
    pendingDeletes?: number;
  };
  planned: ActionCounts;
  planHash: string;
  changes: ChangeRecord[];
  skipped: Skip[];
  warnings: Warning[];
  conflicts: ConflictRecord[];
  failures: FailureRecord[];
  guard: GuardRecord;
  source: SourceRecord;
  /** Managed contacts that have no user any more but stay because `sync.deletes` is `keep`. */
  kept: number;
  /**
   * Deletes not yet due under sync.deleteAfter, by externalId: kept in MBN, not counted as changes (so not
   * as drift by `--check`); a user back in scope cancels theirs. Always set by buildReport.
   */
  pendingDeletes?: PendingDeleteRecord[];
  /** Managed contacts left as they are because the mapping skipped their user (never deleted for that). */
  skippedKept: number;
  /** True when a signal stopped the run before every write was made. */
  interrupted: boolean;
}
