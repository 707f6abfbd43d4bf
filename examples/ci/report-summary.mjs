#!/usr/bin/env node
// A Markdown summary of an mbn-ad-sync JSON report (`--report report.json`), for a pipeline's job page:
//   node ci/report-summary.mjs report.json > summary.md             (GitLab: an artifact)
//   node ci/report-summary.mjs report.json >> "$GITHUB_STEP_SUMMARY"  (GitHub: the run's summary page)
// Node.js only, no packages. Without a report (the run ended before it had one: a configuration error, another
// run holding the lock) it says so and exits 0: the job's own exit code already failed the job.
// It exits 3 when the report's guards stop the plan: `plan` itself exits 0 then (it writes nothing either way),
// but the plan job should fail, saying how to approve, before anyone presses apply.
import { readFileSync } from "node:fs";

const MAX_CHANGES = 50;
const file = process.argv[2] ?? "report.json";

let report;
try {
  report = JSON.parse(readFileSync(file, "utf8"));
} catch (error) {
  console.log(`## mbn-ad-sync\n\nNo report (${file}: ${error.code ?? error.message}): see the job log.`);
  process.exit(0);
}

const cell = (value) =>
  String(
    value === null || value === undefined ? "—" : typeof value === "string" ? value : JSON.stringify(value),
  )
    .replaceAll("|", "\\|")
    .replaceAll("\n", " ");

function outcome(r) {
  if (r.interrupted) return "Interrupted: writes in flight finished, the rest were not started.";
  if (r.written) return "Written to MBN.";
  if (r.notWrittenBecause === "guard") return "Nothing was written to MBN: a guard stopped the run.";
  if (r.notWrittenBecause === "nothing-to-do") return "Nothing to do: MBN is in step.";
  return "Dry run: nothing was written to MBN.";
}

const s = report.summary;
const lines = [
  `## mbn-ad-sync ${report.mode}`,
  "",
  outcome(report),
  "",
  `Plan \`${report.planHash.slice(0, 12)}\`: ${report.planned.create} to create, ${report.planned.update} to update, ${report.planned.delete} to delete.`,
  "",
  "| created | updated | deleted | already present | already gone | stale | not attempted | failed | unchanged | skipped | conflicts |",
  "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  `| ${s.create} | ${s.update} | ${s.delete} | ${s.alreadyPresent} | ${s.alreadyGone} | ${s.stale} | ${s.notAttempted} | ${s.failed} | ${s.unchanged} | ${s.skipped} | ${s.conflicts} |`,
];

if (report.guard.trips.length > 0) {
  lines.push("", "### Guards", "");
  for (const trip of report.guard.trips) lines.push(`- **${trip.guard}**: ${cell(trip.message)}`);
  lines.push(
    "",
    `After reviewing the deletes, approve this plan with \`--approve-deletes ${report.planHash.slice(0, 12)}\``,
  );
}

if (report.changes.length > 0) {
  const shown = report.changes.slice(0, MAX_CHANGES);
  lines.push("", `### Changes (${shown.length} of ${report.changes.length})`, "");
  lines.push("| action | status | contact | user | fields (old → new) |", "| --- | --- | --- | --- | --- |");
  for (const c of shown) {
    const fields = Object.entries(c.fields)
      .map(([name, { from, to }]) => `${name}: ${cell(from)} → ${cell(to)}`)
      .join("<br>");
    lines.push(`| ${c.action} | ${c.status} | ${cell(c.name)} | ${cell(c.source)} | ${fields} |`);
  }
}

for (const [title, list] of [
  ["Failures", report.failures.map((f) => `${f.source ?? f.externalId}: ${f.message}`)],
  ["Conflicts", report.conflicts.map((c) => `${c.sources.join(", ")}: ${c.reason}`)],
  ["Warnings", report.warnings.map((w) => `${w.source}${w.field ? ` (${w.field})` : ""}: ${w.message}`)],
]) {
  if (list.length === 0) continue;
  lines.push("", `### ${title} (${list.length})`, "");
  for (const item of list.slice(0, MAX_CHANGES)) lines.push(`- ${cell(item)}`);
  if (list.length > MAX_CHANGES) lines.push(`- … and ${list.length - MAX_CHANGES} more in the JSON report`);
}

console.log(lines.join("\n"));

if (report.guard.ok === false) {
  console.error(
    `mbn-ad-sync: a guard stops plan ${report.planHash.slice(0, 12)} (${report.guard.trips.map((t) => t.guard).join(", ")}). ` +
      `Review its deletes; to let exactly this plan through, run again with --approve-deletes ${report.planHash.slice(0, 12)} ` +
      "(APPROVE_DELETES in the GitLab recipe, approve_deletes in the GitHub one).",
  );
  process.exitCode = 3;
}
