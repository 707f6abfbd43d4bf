import type { CheckReport } from "./check-report.js";

const TITLES: Record<string, string> = {
  config: "Configuration",
  mapping: "Mapping",
  source: "Directory source",
  "mbn-token": "MBN token",
  "mbn-userinfo": "MBN catalog/userInfo",
  "mbn-contacts": "MBN contacts",
};

/** One line per check, ✓ / ✗ / – (not run); a detail over several lines is indented under its check. */
export function renderCheckText(report: CheckReport): string {
  const lines: string[] = [];
  for (const check of report.checks) {
    const mark = check.ok ? "✓" : check.skipped === true ? "–" : "✗";
    const [first = "", ...rest] = check.detail.split("\n");
    lines.push(`${mark} ${TITLES[check.name] ?? check.name}: ${first}`);
    for (const line of rest) lines.push(`    ${line}`);
  }
  const failed = report.checks.filter((c) => !c.ok && c.skipped !== true).length;
  const skipped = report.checks.filter((c) => c.skipped === true).length;
  lines.push(
    "",
    failed === 0 && skipped === 0
      ? "All checks passed."
      : `${failed} check${failed === 1 ? "" : "s"} failed` + (skipped > 0 ? `, ${skipped} not run.` : "."),
  );
  return `${lines.join("\n")}\n`;
}

/** The `--json` document: `{ version: 1, checks: [{ name, ok, detail }] }` (plus `skipped: true` on checks not run). */
export function renderCheckJson(report: CheckReport): string {
  const checks = report.checks.map((c) => ({
    name: c.name,
    ok: c.ok,
    detail: c.detail,
    ...(c.skipped === true ? { skipped: true } : {}),
  }));
  return `${JSON.stringify({ version: 1, checks }, null, 2)}\n`;
}
