import type { ChangeRecord, SyncReport } from "../../../src/report/index.js";

/** A summary's counts of what a run did, when it did nothing. */
export const nothingDone = {
  create: 0,
  update: 0,
  delete: 0,
  alreadyPresent: 0,
  alreadyGone: 0,
  stale: 0,
  notAttempted: 0,
  failed: 0,
};

/** A guard that stopped the writes. */
export const tripped = { ok: false, approved: false, trips: [{ guard: "max-deletes", message: "too many" }] };

/**
 * A report of a run over 4 users with 3 contacts unchanged. Unless given, `planned` counts `changes`, and
 * `summary` counts the changes "done"; a run is `written` when no change is "planned" and there is one.
 */
export function syncReport(overrides: Partial<SyncReport> = {}): SyncReport {
  const changes = overrides.changes ?? [];
  const count = (action: ChangeRecord["action"], status?: ChangeRecord["status"]): number =>
    changes.filter((c) => c.action === action && (status === undefined || c.status === status)).length;
  const having = (status: ChangeRecord["status"]): number =>
    changes.filter((c) => c.status === status).length;
  const mode = overrides.mode ?? "dry-run";
  const written = mode === "apply" && changes.length > 0 && having("planned") === 0;
  return {
    version: 2,
    mode,
    written,
    notWrittenBecause: written ? null : mode === "dry-run" ? "dry-run" : "nothing-to-do",
    summary: {
      create: count("create", "done"),
      update: count("update", "done"),
      delete: count("delete", "done"),
      alreadyPresent: having("already-present"),
      alreadyGone: having("already-gone"),
      stale: having("stale"),
      notAttempted: having("not-attempted"),
      failed: having("failed"),
      unchanged: 3,
      skipped: 0,
      conflicts: 0,
    },
    planned: { create: count("create"), update: count("update"), delete: count("delete") },
    planHash: "ab".repeat(32),
    changes,
    skipped: [],
    warnings: [],
    conflicts: [],
    failures: [],
    guard: { ok: true, approved: false, trips: [] },
    source: { description: "LDIF file users.ldif", users: 4, excludedDisabled: 1 },
    kept: 0,
    skippedKept: 0,
    interrupted: false,
    ...overrides,
  };
}
