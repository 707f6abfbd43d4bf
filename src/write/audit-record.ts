import type { WriteResult } from "./types.js";
import type { AuditRecord } from "../state/index.js";

/** The audit line of one write: the managed fields before and after, and the result. */
export function auditRecord(result: WriteResult, time: Date): AuditRecord | null {
  if (result.status === "not-attempted") return null;
  const { entry } = result;
  const base = {
    time: time.toISOString(),
    action: entry.action,
    externalId: entry.externalId,
    result: result.status === "ok" ? ("ok" as const) : ("failed" as const),
    ...(result.error ? { error: result.error.message } : {}),
  };
  switch (entry.action) {
    case "create":
      return {
        ...base,
        contactId: result.contact?.id ?? null,
        before: null,
        after: Object.fromEntries(entry.changes.map((c) => [c.field, c.to])),
      };
    case "update":
      return {
        ...base,
        contactId: entry.contactId,
        before: Object.fromEntries(entry.changes.map((c) => [c.field, c.from])),
        after: Object.fromEntries(entry.changes.map((c) => [c.field, c.to])),
      };
    case "delete":
      return { ...base, contactId: entry.contactId, before: { ...entry.before }, after: null };
  }
}
