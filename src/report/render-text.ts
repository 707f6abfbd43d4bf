import type { ChangeRecord, SyncReport } from "./sync-report.js";
import { formatValue } from "./format-value.js";

export interface TextOptions {
  /** Show every item and every field; otherwise long lists are cut at `limit`. */
  verbose: boolean;
  /** Items shown per list when not verbose; undefined shows all (e.g. output to a file or a pipe). */
  limit?: number;
  /** Only what needs attention (failures, conflicts, a tripped guard) and the summary line. */
  quiet?: boolean;
}

const VERB = {
  "dry-run": { create: "Would create", update: "Would update", delete: "Would delete" },
  apply: { create: "Created", update: "Updated", delete: "Deleted" },
} as const;
const MARK = { create: "+", update: "~", delete: "-" } as const;

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

/** The human report of a sync or plan: what would be or was done, then problems, then one summary line. */
export function renderText(report: SyncReport, options: TextOptions): string {
  const lines: string[] = [];
  const dry = report.mode === "dry-run";
  const src = report.source;
  const disabled = src.excludedDisabled ? `, ${src.excludedDisabled} disabled left out` : "";
  const quiet = options.quiet ?? false;
  if (dry) lines.push("Dry run: nothing is written.");
  if (!quiet) lines.push(`Source: ${src.description}, ${plural(src.users, "user")}${disabled}.`);

  for (const action of quiet ? [] : (["create", "update", "delete"] as const)) {
    const items = report.changes.filter((c) => c.action === action);
    section(
      lines,
      `${VERB[report.mode][action]} ${plural(items.length, "contact")}:`,
      items,
      options,
      (c) => {
        const head = `  ${MARK[action]} ${who(c)}${c.adopt ? " [adopted]" : ""}  ${c.externalId}`;
        if (action !== "update") return [head];
        return [
          head,
          ...Object.entries(c.fields).map(
            ([f, v]) => `      ${f}: ${formatValue(v.from)} → ${formatValue(v.to)}`,
          ),
        ];
      },
    );
  }
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
  section(lines, `Skipped (${report.skipped.length}):`, quiet ? [] : report.skipped, options, (s) => [
    `  · ${s.source}: ${s.reason}`,
  ]);
  section(lines, `Warnings (${report.warnings.length}):`, quiet ? [] : report.warnings, options, (w) => [
    `  · ${w.source} ${w.field}: ${w.message}`,
  ]);
  if (!report.guard.ok) {
    lines.push("", dry ? "A sync would stop before writing anything:" : "Stopped before writing anything:");
    for (const trip of report.guard.trips) lines.push(`  ✗ ${trip.message}`);
  } else if (report.guard.approved) {
    lines.push("", "Deletes approved with --approve-deletes for this exact plan.");
  }
  if (report.interrupted) lines.push("", "Interrupted: writes not yet started were not made.");

  const s = report.summary;
  if (s.create + s.update + s.delete + s.failed === 0 && report.guard.ok) {
    lines.push("", "MBN is in step with the directory: nothing to do.");
  }
  const verbs = dry ? ["would create", "update", "delete"] : ["created", "updated", "deleted"];
  const kept =
    (report.kept > 0 ? `, ${report.kept} kept (sync.deletes: keep)` : "") +
    (report.skippedKept > 0 ? `, ${report.skippedKept} kept because their user was skipped` : "");
  lines.push(
    "",
    `Plan ${report.planHash.slice(0, 12)}: ${verbs[0]} ${s.create}, ${verbs[1]} ${s.update}, ${verbs[2]} ${s.delete}; ` +
      `${s.unchanged} unchanged, ${s.skipped} skipped, ${s.conflicts} conflicts, ${s.failed} failed${kept}.`,
  );
  return lines.join("\n") + "\n";
}
