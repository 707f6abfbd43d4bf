import { renderJson, type SyncReport } from "../report/index.js";
import { groupBy, groupLine, kindOf } from "../report/index.js";
import { headline, type Outcome } from "./outcome.js";

/** A notification, the same for every channel: the e-mail's subject, body and attachment, the webhook's text. */
export interface Message {
  subject: string;
  text: string;
  outcome: Outcome["kind"];
  exitCode: number;
  /** The JSON report (the `--json` document), attached to the e-mail; null when the run ended without one. */
  reportJson: string | null;
  /** The 12 characters `--approve-deletes` takes, when a guard stopped the plan. */
  approve: string | null;
}

const SHORT_HASH = 12;
/** Kinds listed per section; the rest are counted, the attached report holds them all. */
const MAX_KINDS = 10;

function section(title: string, lines: string[], total: number): string[] {
  if (total === 0) return [];
  const shown = lines.slice(0, MAX_KINDS).map((l) => `  ${l}`);
  const rest = lines.length - shown.length;
  return [
    "",
    `${title} (${total}):`,
    ...shown,
    ...(rest > 0 ? [`  … and ${rest} more kinds (see the report)`] : []),
  ];
}

function reportLines(report: SyncReport): string[] {
  const s = report.summary;
  const p = report.planned;
  const why = { "dry-run": "a dry run", guard: "a guard stopped the run", "nothing-to-do": "nothing to do" };
  const written = report.notWrittenBecause
    ? `Nothing was written to MBN: ${why[report.notWrittenBecause]}.`
    : `Done: ${s.create} created, ${s.update} updated, ${s.delete} deleted, ${s.failed} failed, ${s.stale} stale, ${s.notAttempted} not attempted.`;
  const lines = [
    `Source: ${report.source.description}, ${report.source.users} users in scope.`,
    written,
    `Planned: ${p.create} creates, ${p.update} updates, ${p.delete} deletes (plan ${report.planHash.slice(0, SHORT_HASH)}).`,
    `Unchanged ${s.unchanged}, skipped ${s.skipped}, conflicts ${s.conflicts}, already done ${s.alreadyPresent + s.alreadyGone}.`,
  ];
  if (report.guard.trips.length > 0) {
    lines.push("", "Guard:", ...report.guard.trips.map((t) => `  ${t.message}`));
    lines.push(`  Plan hash to approve: ${report.planHash.slice(0, SHORT_HASH)}`);
  }
  const pending = report.pendingDeletes ?? [];
  if (pending.length > 0) {
    const soonest = pending.map((d) => d.due).sort()[0] ?? "";
    lines.push(
      "",
      `Pending deletes: ${pending.length}, kept until sync.deleteAfter has passed (the first due ${soonest}).`,
    );
  }
  const failures = groupBy(
    report.failures,
    (f) => `${f.action}: ${kindOf(f.message)}`,
    (f) => f.source ?? f.externalId,
  );
  const warnings = groupBy(
    report.warnings,
    (w) => `${w.field}: ${kindOf(w.message)}`,
    (w) => w.source,
  );
  const skipped = groupBy(
    report.skipped,
    (k) => kindOf(k.reason),
    (k) => k.source,
  );
  lines.push(
    ...section(
      "Failures",
      failures.map((g) => groupLine(g)),
      report.failures.length,
    ),
  );
  lines.push(
    ...section(
      "Warnings",
      warnings.map((g) => groupLine(g)),
      report.warnings.length,
    ),
  );
  lines.push(
    ...section(
      "Skipped",
      skipped.map((g) => groupLine(g)),
      report.skipped.length,
    ),
  );
  return lines;
}

/**
 * The notification of one run. `who` names the MBN directory (the enterprise id, or the API host when
 * the config leaves it to catalog/userInfo).
 */
export function buildMessage(outcome: Outcome, exitCode: number, who: string): Message {
  const subject = `mbn-ad-sync ${who}: ${headline(outcome)}`;
  const report = outcome.kind === "error" ? null : outcome.report;
  const body =
    outcome.kind === "error"
      ? ["The run stopped before it could report:", `  ${outcome.message.replace(/\n/g, "\n  ")}`]
      : reportLines(outcome.report);
  const text = [
    subject,
    `Exit code ${exitCode}.`,
    "",
    ...body,
    "",
    report ? "The JSON report is attached." : "",
  ]
    .join("\n")
    .trimEnd();
  return {
    subject,
    text: `${text}\n`,
    outcome: outcome.kind,
    exitCode,
    reportJson: report ? renderJson(report) : null,
    approve: report && report.guard.trips.length > 0 ? report.planHash.slice(0, SHORT_HASH) : null,
  };
}

/** The message `check --notify-test` sends. */
export function testMessage(who: string): Message {
  const subject = `mbn-ad-sync ${who}: test notification`;
  return {
    subject,
    text: `${subject}\n\nSent by \`mbn-ad-sync check --notify-test\`: notifications reach you.\n`,
    outcome: "no-changes",
    exitCode: 0,
    reportJson: null,
    approve: null,
  };
}
