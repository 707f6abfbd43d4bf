import type { Skip, Warning } from "../model/desired.js";

/** One write, planned or done, as the operator sees it. */
export interface ChangeRecord {
  action: "create" | "update" | "delete";
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
}

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

/** The `--json` document of `sync`, `plan` and `apply` (README, "Commands": `--json`); text output is rendered from it. */
export interface SyncReport {
  version: 1;
  mode: "dry-run" | "apply";
  summary: {
    create: number;
    update: number;
    delete: number;
    unchanged: number;
    skipped: number;
    conflicts: number;
    failed: number;
  };
  planHash: string;
  changes: ChangeRecord[];
  skipped: Skip[];
  warnings: Warning[];
  conflicts: ConflictRecord[];
  failures: FailureRecord[];
  guard: GuardRecord;
  source: { description: string; users: number; excludedDisabled: number | null };
  /** Managed contacts that have no user any more but stay because `sync.deletes` is `keep`. */
  kept: number;
  /** Managed contacts left as they are because the mapping skipped their user (never deleted for that). */
  skippedKept: number;
  /** True when a signal stopped the run before every write was made. */
  interrupted: boolean;
}
