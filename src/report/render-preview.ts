import type { PreviewReport } from "./preview-report.js";
import { formatValue } from "./format-value.js";

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
