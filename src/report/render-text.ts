import type { ChangeRecord, SyncReport } from "./sync-report.js";
import { formatValue } from "./format-value.js";
import { groupBy, groupLine, kindOf, type Group } from "./group-items.js";

export interface TextOptions {
  /** Show every item and every field; otherwise long lists are cut at `limit`. */
  verbose: boolean;
  /** Items shown per list when not verbose; undefined shows all (e.g. output to a file or a pipe). */
  limit?: number;
  /** Only what needs attention (failures, stale items, conflicts, a tripped guard) and the summary line. */
  quiet?: boolean;
}

type Action = ChangeRecord["action"];
const ACTIONS: readonly Action[] = ["create", "update", "delete"];
const WOULD = { create: "Would create", update: "Would update", delete: "Would delete" } as const;
const DID = { create: "Created", update: "Updated", delete: "Deleted" } as const;
const MARK = { create: "+", update: "~", delete: "-" } as const;

/** The first line of a run that wrote nothing: why. */
const WHY_NOTHING = {
  "dry-run": "Dry run: nothing is written to MBN.",
  guard: "Nothing was written to MBN: a guard stopped the run.",
  "nothing-to-do": null,
} as const;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function who(change: ChangeRecord): string {
  const label = change.name ? `${change.name} ` : "";
  if (change.source) return `${label}(${change.source})`;
  return `${label}(contact ${change.contactId ?? "?"})`;
}

function take<T>(items: T[], options: TextOptions): { shown: T[]; more: number } {
  if (options.verbose || options.limit === undefined || items.length <= options.limit)
    return { shown: items, more: 0 };
  return { shown: items.slice(0, options.limit), more: items.length - options.limit };
}

function section<T>(
  lines: string[],
  title: string,
  items: T[],
  options: TextOptions,
  line: (item: T) => string[],
): void {
  if (items.length === 0) return;
  lines.push("", title);
  const { shown, more } = take(items, options);
  for (const item of shown) lines.push(...line(item));
  if (more > 0) lines.push(`  … and ${more} more (--verbose shows all)`);
}

function changeLines(c: ChangeRecord): string[] {
  const head = `  ${MARK[c.action]} ${who(c)}${c.adopt ? " [adopted]" : ""}  ${c.externalId}`;
  if (c.action !== "update") return [head];
  return [
    head,
    ...Object.entries(c.fields).map(([f, v]) => `      ${f}: ${formatValue(v.from)} → ${formatValue(v.to)}`),
  ];
}

/** The entries, by what became of them: planned (would), done, already there, stale, not attempted. */
function changeSections(lines: string[], report: SyncReport, options: TextOptions): void {
  const quiet = options.quiet ?? false;
  const having = (status: ChangeRecord["status"]): ChangeRecord[] =>
    report.changes.filter((c) => c.status === status);
  for (const action of quiet ? [] : ACTIONS) {
    const verb = report.written ? DID[action] : WOULD[action];
    const items = report.changes.filter(
      (c) => c.action === action && c.status === (report.written ? "done" : "planned"),
    );
    section(lines, `${verb} ${plural(items.length, "contact")}:`, items, options, changeLines);
  }
  const present = quiet ? [] : having("already-present");
  section(lines, `Already in MBN as planned, nothing written (${present.length}):`, present, options, (c) => [
    `  = ${c.action} ${who(c)}  ${c.externalId}`,
  ]);
  const gone = quiet ? [] : having("already-gone");
  section(lines, `Already gone from MBN, nothing deleted (${gone.length}):`, gone, options, (c) => [
    `  = ${who(c)}  ${c.externalId}`,
  ]);
  const stale = having("stale");
  section(lines, `Not written, changed in MBN since the plan (${stale.length}):`, stale, options, (c) => [
    `  ≠ ${c.action} ${who(c)} ${c.externalId}: ${c.message ?? "changed in MBN"}`,
  ]);
  const untried = quiet ? [] : having("not-attempted");
  section(lines, `Not attempted, the run was interrupted (${untried.length}):`, untried, options, (c) => [
    `  · ${c.action} ${who(c)}  ${c.externalId}`,
  ]);
}

/**
 * Contacts whose user is missing, kept until sync.deleteAfter has passed: not changes of this run, listed
 * so the operator sees what will go, and when (a user back in scope cancels it).
 */
function pendingDeleteSection(lines: string[], report: SyncReport, options: TextOptions): void {
  const pending = options.quiet ? [] : (report.pendingDeletes ?? []);
  const title = `Pending deletes (${pending.length}), kept until sync.deleteAfter has passed:`;
  section(lines, title, pending, options, (p) => [
    `  ⧖ ${p.name ? `${p.name} ` : ""}(contact ${p.contactId})  ${p.externalId}: pending delete since ${p.missingSince} (due ${p.due})`,
  ]);
}

/** The summary line: what the plan would do, or what was done and what came of the rest. */
function summaryLine(report: SyncReport): string {
  const s = report.summary;
  const p = report.planned;
  const kept =
    (report.kept > 0 ? `, ${report.kept} kept (sync.deletes: keep)` : "") +
    (report.skippedKept > 0 ? `, ${report.skippedKept} kept because their user was skipped` : "");
  const rest = `${s.unchanged} unchanged, ${s.skipped} skipped, ${s.conflicts} conflicts`;
  const head = `Plan ${report.planHash.slice(0, 12)}: `;
  if (!report.written) {
    const nothing = report.notWrittenBecause === "guard" ? "nothing written; " : "";
    return `${head}${nothing}would create ${p.create}, update ${p.update}, delete ${p.delete}; ${rest}${kept}.`;
  }
  const others = [
    s.alreadyPresent > 0 ? `${s.alreadyPresent} already present` : null,
    s.alreadyGone > 0 ? `${s.alreadyGone} already gone` : null,
    s.stale > 0 ? `${s.stale} not written (changed in MBN since the plan)` : null,
    s.notAttempted > 0 ? `${s.notAttempted} not attempted (interrupted)` : null,
  ].filter((x): x is string => x !== null);
  const done = [`created ${s.create}`, `updated ${s.update}`, `deleted ${s.delete}`, ...others].join(", ");
  return `${head}${done}; ${rest}, ${s.failed} failed${kept}.`;
}

/**
 * Skips and warnings, one line per kind with its count and first users (kinds by count, users sorted);
 * --verbose lists every item under its kind.
 */
function groupedSections(lines: string[], report: SyncReport, options: TextOptions): void {
  const skips = groupBy(
    report.skipped,
    (s) => kindOf(s.reason),
    (s) => s.source,
  );
  const warnings = groupBy(
    report.warnings,
    (w) => `${w.field}: ${kindOf(w.message)}`,
    (w) => w.source,
  );
  const items = <T>(groups: Group<T>[], line: (item: T) => string): string[] =>
    groups.flatMap((g) => [
      `  · ${groupLine(g)}`,
      ...(options.verbose ? g.items.map((i) => `      ${line(i)}`) : []),
    ]);
  const title = (what: string, n: number, groups: number): string =>
    `${what} (${n}${groups > 1 ? `, ${plural(groups, "kind")}` : ""}):`;
  section(
    lines,
    title("Skipped", report.skipped.length, skips.length),
    items(skips, (s) => `${s.source}: ${s.reason}`),
    options,
    (l) => [l],
  );
  section(
    lines,
    title("Warnings", report.warnings.length, warnings.length),
    items(warnings, (w) => `${w.source} ${w.field}: ${w.message}`),
    options,
    (l) => [l],
  );
}

/** `Directory read: delta, 3 entries (USN 5558 → 5601 on CN=NTDS Settings,CN=DC1,…)`. */
function directoryReadLine(src: SyncReport["source"]): string {
  const how = src.mode === "delta" ? "delta" : `full (${src.reason ?? "no watermark"})`;
  const range = src.usn
    ? ` (USN ${src.usn.from === null ? "" : `${src.usn.from} → `}${src.usn.to}${src.dc ? ` on ${src.dc}` : ""})`
    : "";
  return `Directory read: ${how}, ${src.entriesRead ?? 0} entr${src.entriesRead === 1 ? "y" : "ies"}${range}.`;
}

/**
 * The human report of a sync, plan or apply. A run that wrote nothing leads with why and says "Would …"
 * throughout; a run that wrote lists what was done, then what was already there, stale or not attempted
 * (each in its own list, never under "Failed"), then problems, then one summary line.
 */
export function renderText(report: SyncReport, options: TextOptions): string {
  const lines: string[] = [];
  const src = report.source;
  const disabled = src.excludedDisabled ? `, ${src.excludedDisabled} disabled left out` : "";
  const quiet = options.quiet ?? false;
  const why = report.notWrittenBecause === null ? null : WHY_NOTHING[report.notWrittenBecause];
  if (why !== null) lines.push(why);
  if (!quiet) lines.push(`Source: ${src.description}, ${plural(src.users, "user")}${disabled}.`);
  if (!quiet && src.mode !== undefined) lines.push(directoryReadLine(src));

  changeSections(lines, report, options);
  pendingDeleteSection(lines, report, options);
  section(lines, `Failed (${report.failures.length}):`, report.failures, options, (f) => [
    `  ! ${f.action} ${f.source ?? f.contactId ?? ""} ${f.externalId}: ${f.message}`,
  ]);
  section(
    lines,
    `Conflicts (${report.conflicts.length}), these users are left alone:`,
    report.conflicts,
    options,
    (c) => [`  ? ${c.sources.join(", ")}: ${c.reason}`],
  );
  if (!quiet) groupedSections(lines, report, options);
  if (!report.guard.ok) {
    const dry = report.mode === "dry-run";
    lines.push("", dry ? "A sync would stop before writing anything:" : "Stopped before writing anything:");
    for (const trip of report.guard.trips) lines.push(`  ✗ ${trip.message}`);
  } else if (report.guard.approved) {
    lines.push("", "Deletes approved with --approve-deletes for this exact plan.");
  }
  const guardWarnings = report.guard.warnings ?? [];
  if (guardWarnings.length > 0) lines.push("", "Guard warnings (the run goes on):");
  for (const warning of guardWarnings) lines.push(`  ! ${warning.message}`);
  if (report.interrupted) lines.push("", "Interrupted: writes not yet started were not made.");

  const p = report.planned;
  if (p.create + p.update + p.delete === 0 && report.guard.ok) {
    lines.push("", "MBN is in step with the directory: nothing to do.");
  }
  lines.push("", summaryLine(report));
  return lines.join("\n") + "\n";
}
