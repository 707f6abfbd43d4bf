import type { ExecutionResult, WriteResult, WriteStatus } from "../write/index.js";
import type { FieldChange, Plan, PlanEntry } from "../plan/index.js";
import type { ContactInput } from "../model/contact.js";
import type { Skip, Warning } from "../model/desired.js";
import type {
  ActionCounts,
  ChangeRecord,
  ChangeStatus,
  FailureRecord,
  GuardRecord,
  NotWrittenReason,
  SyncReport,
} from "./sync-report.js";

export interface ReportInput {
  mode: SyncReport["mode"];
  source: SyncReport["source"];
  warnings: Warning[];
  skipped: Skip[];
  plan: Plan;
  guard: GuardRecord;
  /** What the writes came to; absent when nothing was written (a dry run, a guard, nothing to do). */
  written?: ExecutionResult;
}

const STATUS: Record<WriteStatus, ChangeStatus> = {
  ok: "done",
  "already-present": "already-present",
  "already-gone": "already-gone",
  stale: "stale",
  failed: "failed",
  "not-attempted": "not-attempted",
};

function nameOf(input: ContactInput): string | null {
  const full = [input.firstName, input.lastName].filter(Boolean).join(" ");
  return input.displayName || full || null;
}

/**
 * A change record whose `fields` are made from its plan entry's changes each time they are read, not
 * copied into the record: for 100,000 creates the copies were about 46 MB of `{ from, to }` objects held
 * beside the entries they repeat. `fields` is an own enumerable getter defined right after `name`, so
 * JSON.stringify, a spread and the renderers see plain data with its keys in the document's order.
 */
class EntryChangeRecord {
  /** The entry itself, not its changes: a create makes its changes only when they are read (plan/create-entry.ts). */
  readonly #entry: { readonly changes: readonly FieldChange[] };

  constructor(head: Omit<ChangeRecord, "fields">, entry: { readonly changes: readonly FieldChange[] }) {
    Object.assign(this, head);
    this.#entry = entry;
    Object.defineProperty(this, "fields", EntryChangeRecord.#fields);
  }

  /** One getter shared by every record (a getter per record would cost a hidden class per record). */
  static readonly #fields: PropertyDescriptor = {
    enumerable: true,
    get(this: EntryChangeRecord): ChangeRecord["fields"] {
      const fields: ChangeRecord["fields"] = {};
      for (const change of this.#entry.changes) fields[change.field] = { from: change.from, to: change.to };
      return fields;
    },
  };
}

function changeRecord(entry: PlanEntry, status: ChangeStatus): ChangeRecord {
  const { action, externalId } = entry;
  if (action === "delete") {
    const name = nameOf(entry.before);
    return { action, status, externalId, contactId: entry.contactId, source: null, name, fields: {} };
  }
  const contactId = action === "update" ? entry.contactId : null;
  const head = { action, status, externalId, contactId, source: entry.source, name: nameOf(entry.input) };
  const record = new EntryChangeRecord(head, entry) as unknown as ChangeRecord;
  if (action === "update" && entry.adopt) record.adopt = true;
  return record;
}

/** The change record of a write: the contact MBN answered with (a new id for a create), and why not. */
function resultRecord(result: WriteResult): ChangeRecord {
  const record = changeRecord(result.entry, STATUS[result.status]);
  if (result.contact) record.contactId = result.contact.id;
  if (result.error) record.message = result.error.message;
  return record;
}

function failureRecord(result: WriteResult, record: ChangeRecord): FailureRecord {
  return {
    action: record.action,
    externalId: record.externalId,
    contactId: record.contactId,
    source: record.source,
    message: result.error?.message ?? "failed",
    ...(result.error?.status !== undefined ? { status: result.error.status } : {}),
    ...(result.error?.code !== undefined ? { code: result.error.code } : {}),
  };
}

function countActions(items: readonly { action: keyof ActionCounts }[]): ActionCounts {
  const counts = { create: 0, update: 0, delete: 0 };
  for (const item of items) counts[item.action] += 1;
  return counts;
}

function notWrittenBecause(input: ReportInput): NotWrittenReason | null {
  if (input.written) return null;
  if (input.mode === "dry-run") return "dry-run";
  if (!input.guard.ok) return "guard";
  if (input.plan.entries.length > 0) {
    throw new Error("buildReport: an apply run with changes and no guard trip must pass what it wrote");
  }
  return "nothing-to-do";
}

/**
 * Builds the report document of one run. `summary` counts what this run did (no write at all when it
 * wrote nothing), `planned` what the plan holds, and each change says what became of it.
 */
export function buildReport(input: ReportInput): SyncReport {
  const { plan, written } = input;
  const reason = notWrittenBecause(input);
  const changes = written
    ? written.results.map(resultRecord)
    : plan.entries.map((entry) => changeRecord(entry, "planned"));
  const failures = (written?.results ?? []).flatMap((result, i) => {
    const record = changes[i];
    return result.status === "failed" && record ? [failureRecord(result, record)] : [];
  });
  const count = (status: ChangeStatus): number => changes.filter((c) => c.status === status).length;
  return {
    version: 2,
    mode: input.mode,
    written: reason === null,
    notWrittenBecause: reason,
    summary: {
      ...countActions(changes.filter((c) => c.status === "done")),
      alreadyPresent: count("already-present"),
      alreadyGone: count("already-gone"),
      stale: count("stale"),
      notAttempted: count("not-attempted"),
      failed: count("failed"),
      unchanged: plan.unchanged,
      skipped: input.skipped.length,
      conflicts: plan.conflicts.length,
      pendingDeletes: plan.pendingDeletes?.length ?? 0,
    },
    planned: countActions(plan.entries),
    planHash: plan.hash,
    changes,
    skipped: input.skipped,
    warnings: input.warnings,
    conflicts: plan.conflicts,
    failures,
    guard: input.guard,
    source: input.source,
    kept: plan.kept,
    pendingDeletes: (plan.pendingDeletes ?? []).map((p) => ({ ...p })),
    skippedKept: plan.skippedKept,
    interrupted: written?.interrupted ?? false,
  };
}
