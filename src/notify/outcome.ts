import type { NotifyEvent } from "../config/index.js";
import type { SyncReport } from "../report/index.js";

/**
 * What a run came to, as a notification names it. A run that threw (LDAP down, a refused token, a lock
 * held by another run …) has no report: it is an "error" with its message.
 */
export type Outcome =
  | { kind: "guard"; report: SyncReport }
  | { kind: "failed"; report: SyncReport }
  | { kind: "interrupted"; report: SyncReport }
  | { kind: "changes"; report: SyncReport }
  | { kind: "no-changes"; report: SyncReport }
  | { kind: "error"; message: string };

export function outcomeOf(report: SyncReport): Outcome {
  if (report.interrupted) return { kind: "interrupted", report };
  if (!report.guard.ok) return { kind: "guard", report };
  if (report.summary.failed + report.summary.stale > 0) return { kind: "failed", report };
  const counts = report.written ? report.summary : report.planned;
  return counts.create + counts.update + counts.delete > 0
    ? { kind: "changes", report }
    : { kind: "no-changes", report };
}

/** Whether `notify.on` asks to hear of this outcome. */
export function wanted(on: readonly NotifyEvent[], outcome: Outcome): boolean {
  if (on.includes("always")) return true;
  switch (outcome.kind) {
    case "guard":
      return on.includes("guard");
    case "failed":
    case "interrupted":
    case "error":
      return on.includes("failure");
    case "changes":
      return on.includes("changes");
    case "no-changes":
      return false;
  }
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

function doneCounts(report: SyncReport): string {
  const s = report.summary;
  return `${s.create} created, ${s.update} updated, ${s.delete} deleted`;
}

function wouldCounts(report: SyncReport): string {
  const p = report.planned;
  return `would create ${p.create}, update ${p.update}, delete ${p.delete}`;
}

/** The headline after the enterprise: the outcome and its counts. */
export function headline(outcome: Outcome): string {
  if (outcome.kind === "error") return `run failed — ${firstLine(outcome.message)}`;
  const { report } = outcome;
  const dry = report.mode === "dry-run";
  switch (outcome.kind) {
    case "guard": {
      const stopped = dry ? "guard would stop" : "guard stopped";
      const what = report.planned.delete > 0 ? plural(report.planned.delete, "delete") : "the run";
      return `${stopped} ${what} — approval needed`;
    }
    case "interrupted":
      return `interrupted — ${doneCounts(report)}, ${report.summary.notAttempted} not attempted`;
    case "failed": {
      const s = report.summary;
      const bad = [
        s.failed > 0 ? `${plural(s.failed, "write")} failed` : "",
        s.stale > 0 ? `${s.stale} stale` : "",
      ];
      return `${bad.filter(Boolean).join(", ")} — ${doneCounts(report)}`;
    }
    case "changes":
      return report.written ? doneCounts(report) : `dry run — ${wouldCounts(report)}`;
    case "no-changes":
      return "in sync — no changes";
  }
}

function firstLine(text: string): string {
  const line = text.split("\n")[0] ?? "";
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}
