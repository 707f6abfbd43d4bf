import type { ChangeRecord, SyncReport } from "../../../src/report/index.js";

/** A report of a run over 4 users with 3 contacts unchanged; the summary counts `changes` unless given. */
export function syncReport(overrides: Partial<SyncReport> = {}): SyncReport {
  const changes = overrides.changes ?? [];
  const count = (action: ChangeRecord["action"]): number => changes.filter((c) => c.action === action).length;
  return {
    version: 1,
    mode: "dry-run",
    summary: {
      create: count("create"),
      update: count("update"),
      delete: count("delete"),
      unchanged: 3,
      skipped: 0,
      conflicts: 0,
      failed: 0,
    },
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
