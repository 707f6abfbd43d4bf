import type { ApplyResult } from "../apply/index.js";
import type { WriteOutcome } from "./mirror-refresh.js";

/** What the mirror needs to know of each write: which contact, and MBN's answer. */
export function writeOutcomes(applied: ApplyResult): WriteOutcome[] {
  return applied.results.map((r) => ({
    action: r.entry.action,
    contactId: r.contact?.id ?? (r.entry.action === "create" ? null : r.entry.contactId),
    ...(r.contact ? { contact: r.contact } : {}),
    ok: r.status === "ok",
  }));
}
