import type { ManagedField, ManagedValues } from "../model/contact.js";
import type { Skip, Warning } from "../model/desired.js";
import { formatValue } from "./format-value.js";

/** One user through the mapping, as `mbn-ad-sync preview` shows it. */
export interface PreviewReport {
  version: 1;
  /** Where the user was read from, e.g. "LDIF file ./users.ldif". */
  source: string;
  user: {
    dn: string;
    guid: string | null;
    /** Every attribute read, by lower-case name, sorted; objectguid in canonical form. */
    attributes: Record<string, string[]>;
  };
  /** The managed fields in MANAGEABLE_FIELDS order, every one present (null when empty); null when skipped. */
  contact: ({ externalId: string } & ManagedValues) | null;
  managedFields: ManagedField[];
  skipped: Skip | null;
  warnings: Warning[];
}

/** The `--json` document: `{ version: 1, user, contact, skipped, warnings }`. */
export function renderPreviewJson(report: PreviewReport): string {
  const { version, user, contact, skipped, warnings } = report;
  return `${JSON.stringify({ version, user, contact, skipped, warnings }, null, 2)}\n`;
}

function table(rows: [string, string][], indent: string): string[] {
  const width = Math.max(0, ...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `${indent}${name.padEnd(width)}  ${value}`);
}

/** Attributes (each value on its own line), then the contact or the skip reason, then the warnings. */
export function renderPreviewText(report: PreviewReport): string {
  const { user } = report;
  const lines = [`User ${user.dn}`, `  from ${report.source}`, "", "Source attributes:"];
  const rows: [string, string][] = [];
  for (const [name, values] of Object.entries(user.attributes)) {
    if (values.length === 0) rows.push([name, "(empty)"]);
    values.forEach((v, i) => rows.push([i === 0 ? name : "", JSON.stringify(v)]));
  }
  lines.push(...table(rows, "  "));

  lines.push("");
  if (report.contact === null) {
    lines.push(`Skipped: ${report.skipped?.reason ?? "(no reason given)"}`);
  } else {
    const contact = report.contact;
    lines.push("Contact:");
    const fields: [string, string][] = [["externalId", JSON.stringify(contact.externalId)]];
    for (const field of report.managedFields) fields.push([field, formatValue(contact[field])]);
    lines.push(...table(fields, "  "));
  }

  lines.push("");
  if (report.warnings.length === 0) lines.push("No warnings.");
  else {
    lines.push(`Warnings (${report.warnings.length}):`);
    for (const w of report.warnings) lines.push(`  ${w.field}: ${w.message}`);
  }
  return `${lines.join("\n")}\n`;
}
