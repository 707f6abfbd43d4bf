import type { ChangeRecord, SyncReport } from "./sync-report.js";
import { formatValue } from "./format-value.js";
import { groupBy, groupLine, kindOf, type Group } from "./group-items.js";

/** Changes (and each other list) shown in full before "… and N more": a job page, not the whole report. */
export const MARKDOWN_LIMIT = 50;

/** The characters `--approve-deletes` takes, as the text report's summary line prints them. */
const SHORT_HASH = 12;

/**
 * Text from the directory or MBN made inert in Markdown: no HTML, no emphasis, links or code, no column
 * break in a table, one line. A name typed in AD cannot restyle or inject into a job's summary page.
 */
export function markdownText(text: string): string {
  return text
    .replace(/[\\`*_[\]~|#]/g, (c) => `\\${c}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\s+/g, " ")
    .trim();
}

const oneLine = (text: string): string => text.replace(/\s+/g, " ").trim();

/**
 * The rows of the counts table, each with the JSON report's field it shows (a test compares them): what
 * the plan holds, what this run did, and what it left alone.
 */
export const COUNT_ROWS: readonly [label: string, value: (r: SyncReport) => number][] = [
  ["users read from the source", (r) => r.source.users],
  ["planned: create", (r) => r.planned.create],
  ["planned: update", (r) => r.planned.update],
  ["planned: delete", (r) => r.planned.delete],
  ["created", (r) => r.summary.create],
  ["updated", (r) => r.summary.update],
  ["deleted", (r) => r.summary.delete],
  ["already present", (r) => r.summary.alreadyPresent],
  ["already gone", (r) => r.summary.alreadyGone],
  ["stale (changed in MBN since the plan)", (r) => r.summary.stale],
  ["not attempted (interrupted)", (r) => r.summary.notAttempted],
  ["failed", (r) => r.summary.failed],
  ["unchanged", (r) => r.summary.unchanged],
  ["skipped users", (r) => r.summary.skipped],
  ["conflicts", (r) => r.summary.conflicts],
  ["pending deletes (sync.deleteAfter)", (r) => r.summary.pendingDeletes ?? 0],
  ["kept (sync.deletes: keep)", (r) => r.kept],
  ["kept, their user skipped", (r) => r.skippedKept],
  ["warnings", (r) => r.warnings.length],
];

function outcome(report: SyncReport): string {
  if (report.interrupted) return "**Interrupted**: writes in flight finished, the rest were not started.";
  if (!report.guard.ok) {
    return report.mode === "dry-run"
      ? "**A guard would stop this plan**: nothing was written to MBN, and a sync or apply writes nothing until its deletes are approved."
      : "**A guard stopped the run**: nothing was written to MBN.";
  }
  if (report.written) return "Written to MBN.";
  if (report.notWrittenBecause === "nothing-to-do") return "Nothing to do: MBN is in step.";
  return "Dry run: nothing was written to MBN.";
}

function countsTable(report: SyncReport): string[] {
  return [
    "| count | contacts |",
    "| --- | ---: |",
    ...COUNT_ROWS.map(([label, value]) => `| ${label} | ${value(report)} |`),
  ];
}

function guardLines(report: SyncReport): string[] {
  const short = report.planHash.slice(0, SHORT_HASH);
  const lines: string[] = [];
  if (report.guard.trips.length > 0) {
    lines.push("", "### Guard", "");
    // The guards' own messages (guards.ts): their `--approve-deletes …` stays code.
    for (const trip of report.guard.trips) lines.push(`- **${trip.guard}**: ${oneLine(trip.message)}`);
    lines.push("", `After reviewing the deletes, approve this plan with \`--approve-deletes ${short}\``);
  } else if (report.guard.approved) {
    lines.push("", `Deletes approved with \`--approve-deletes\` for this exact plan (\`${short}\`).`);
  }
  const warnings = report.guard.warnings ?? [];
  if (warnings.length > 0) lines.push("", "### Guard warnings (the run goes on)", "");
  for (const w of warnings) lines.push(`- **${w.guard}**: ${oneLine(w.message)}`);
  return lines;
}

/** `… and N more in the JSON report` under a list cut at the limit. */
function more(total: number): string[] {
  return total > MARKDOWN_LIMIT
    ? ["", `… and ${total - MARKDOWN_LIMIT} more in the JSON report (\`--report\`).`]
    : [];
}

function fieldsCell(change: ChangeRecord): string {
  return Object.entries(change.fields)
    .map(
      ([name, { from, to }]) =>
        `${name}: ${markdownText(formatValue(from))} → ${markdownText(formatValue(to))}`,
    )
    .join("<br>");
}

function changeLines(report: SyncReport): string[] {
  if (report.changes.length === 0) return [];
  const shown = report.changes.slice(0, MARKDOWN_LIMIT);
  const cell = (text: string | null): string => (text === null ? "—" : markdownText(text));
  return [
    "",
    `### Changes (${shown.length} of ${report.changes.length})`,
    "",
    "| action | status | contact | user | fields (old → new) |",
    "| --- | --- | --- | --- | --- |",
    ...shown.map(
      (c) =>
        `| ${c.action}${c.adopt ? " (adopted)" : ""} | ${c.status}${c.message ? `: ${markdownText(c.message)}` : ""} | ${cell(c.name)} | ${cell(c.source)} | ${fieldsCell(c)} |`,
    ),
    ...more(report.changes.length),
  ];
}

function listLines(title: string, items: string[]): string[] {
  if (items.length === 0) return [];
  const shown = items.slice(0, MARKDOWN_LIMIT).map((item) => `- ${markdownText(item)}`);
  return ["", `### ${title} (${items.length})`, "", ...shown, ...more(items.length)];
}

/** Warnings and skips one line per kind, as the text report groups them (group-items.ts). */
function groupedLines(title: string, total: number, groups: Group<unknown>[]): string[] {
  if (groups.length === 0) return [];
  const shown = groups.slice(0, MARKDOWN_LIMIT).map((g) => `- ${markdownText(groupLine(g))}`);
  return ["", `### ${title} (${total})`, "", ...shown, ...more(groups.length)];
}

/**
 * The Markdown summary of a sync, plan or apply (`--summary-md`, `$GITHUB_STEP_SUMMARY`): the outcome, the
 * plan and its counts, the guard's trips with the hash to approve, the first changes with old → new, then
 * failures, conflicts, pending deletes, and the warnings and skips grouped by kind. Numbers as in the JSON.
 */
export function renderMarkdown(report: SyncReport): string {
  const p = report.planned;
  const short = report.planHash.slice(0, SHORT_HASH);
  const lines = [
    `## mbn-ad-sync: ${report.mode === "dry-run" ? "dry run" : "apply"}`,
    "",
    outcome(report),
    "",
    `Plan \`${short}\`: ${p.create} to create, ${p.update} to update, ${p.delete} to delete.`,
    "",
    ...countsTable(report),
    ...guardLines(report),
    ...changeLines(report),
    ...listLines(
      "Failures",
      report.failures.map((f) => `${f.action} ${f.source ?? f.contactId ?? f.externalId}: ${f.message}`),
    ),
    ...listLines(
      "Conflicts, these users are left alone",
      report.conflicts.map((c) => `${c.sources.join(", ")}: ${c.reason}`),
    ),
    ...listLines(
      "Pending deletes, kept until sync.deleteAfter has passed",
      (report.pendingDeletes ?? []).map(
        (d) =>
          `${d.name ?? d.externalId} (contact ${d.contactId}): missing since ${d.missingSince}, due ${d.due}`,
      ),
    ),
    ...groupedLines(
      "Warnings",
      report.warnings.length,
      groupBy(
        report.warnings,
        (w) => `${w.field}: ${kindOf(w.message)}`,
        (w) => w.source,
      ),
    ),
    ...groupedLines(
      "Skipped",
      report.skipped.length,
      groupBy(
        report.skipped,
        (s) => kindOf(s.reason),
        (s) => s.source,
      ),
    ),
  ];
  return lines.join("\n") + "\n";
}
