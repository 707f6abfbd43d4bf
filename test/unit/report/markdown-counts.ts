import type { SyncReport } from "../../../src/report/index.js";

/**
 * The counts table of a Markdown summary (`| label | n |` rows after `| count | contacts |`), read back as
 * label → number, and what each row must say, taken from the JSON report by field name: the two must be equal.
 */
export function markdownCounts(markdown: string): Record<string, number> {
  const start = markdown.indexOf("| count | contacts |");
  if (start < 0) throw new Error(`no counts table in:\n${markdown}`);
  const rows = markdown.slice(start).split("\n\n")[0]?.split("\n").slice(2) ?? [];
  const counts: Record<string, number> = {};
  for (const row of rows) {
    const match = /^\| (.+) \| (\d+) \|$/.exec(row);
    if (!match?.[1]) throw new Error(`not a counts row: ${row}`);
    counts[match[1]] = Number(match[2]);
  }
  return counts;
}

export function jsonCounts(r: SyncReport): Record<string, number> {
  return {
    "users read from the source": r.source.users,
    "planned: create": r.planned.create,
    "planned: update": r.planned.update,
    "planned: delete": r.planned.delete,
    created: r.summary.create,
    updated: r.summary.update,
    deleted: r.summary.delete,
    "already present": r.summary.alreadyPresent,
    "already gone": r.summary.alreadyGone,
    "stale (changed in MBN since the plan)": r.summary.stale,
    "not attempted (interrupted)": r.summary.notAttempted,
    failed: r.summary.failed,
    unchanged: r.summary.unchanged,
    "skipped users": r.summary.skipped,
    conflicts: r.summary.conflicts,
    "pending deletes (sync.deleteAfter)": r.summary.pendingDeletes ?? 0,
    "kept (sync.deletes: keep)": r.kept,
    "kept, their user skipped": r.skippedKept,
    warnings: r.warnings.length,
  };
}
