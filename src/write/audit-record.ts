import type { ContactInput, ManagedField } from "../model/contact.js";
import type { UpdateEntry } from "../plan/index.js";
import type { AuditRecord } from "../state/index.js";
import type { WriteResult } from "./types.js";

type Fields = Record<string, unknown>;
type Field = ManagedField | "externalId";

const RESULT = {
  ok: "ok",
  "already-present": "already-present",
  "already-gone": "already-gone",
  stale: "stale",
  failed: "failed",
} as const satisfies Record<Exclude<WriteResult["status"], "not-attempted">, AuditRecord["result"]>;

function pick(input: ContactInput, fields: readonly Field[]): Fields {
  return Object.fromEntries(fields.map((f) => [f, input[f]]));
}

/** The update's fields as they were: the PUT body holds every stored value but the changed ones. */
function updateBefore(entry: UpdateEntry, fields: readonly Field[]): Fields {
  const before = pick(entry.input, fields);
  for (const change of entry.changes) before[change.field] = change.from;
  return before;
}

/**
 * The audit line of one write: every managed field before and after (the forensic record, not only the
 * changed ones; the key too when the write sets it, as an adoption does), and what came of it. The
 * "before" is the contact the write was made against: the planned one, or the one re-read after a 409 or
 * 412 (`basis`). A write never started has no line.
 */
export function auditRecord(
  result: WriteResult,
  time: Date,
  managedFields: readonly ManagedField[],
): AuditRecord | null {
  if (result.status === "not-attempted") return null;
  const { entry } = result;
  const base = {
    time: time.toISOString(),
    action: entry.action,
    externalId: entry.externalId,
    result: RESULT[result.status],
    ...(result.error && result.status === "stale" ? { reason: result.error.message } : {}),
    ...(result.error && result.status !== "stale" ? { error: result.error.message } : {}),
  };
  if (entry.action === "delete") {
    return { ...base, contactId: entry.contactId, before: { ...entry.before }, after: null };
  }
  const fields: Field[] = entry.changes.some((c) => c.field === "externalId")
    ? [...managedFields, "externalId"]
    : [...managedFields];
  const planned = entry.action === "update" ? updateBefore(entry, fields) : null;
  const before = result.basis === undefined ? planned : result.basis && pick(result.basis, fields);
  const contactId = result.contact?.id ?? (entry.action === "update" ? entry.contactId : null);
  return { ...base, contactId, before, after: pick(entry.input, fields) };
}
