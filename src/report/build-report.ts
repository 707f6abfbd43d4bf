import type { ExecutionResult } from "../write/index.js";
import type { Plan, PlanEntry } from "../plan/index.js";
import type { ContactInput } from "../model/contact.js";
import type { Skip, Warning } from "../model/desired.js";
import type { ChangeRecord, FailureRecord, GuardRecord, SyncReport } from "./sync-report.js";

export interface ReportInput {
  mode: SyncReport["mode"];
  source: SyncReport["source"];
  warnings: Warning[];
  skipped: Skip[];
  plan: Plan;
  guard: GuardRecord;
  /** What the writes came to; absent when nothing was written. */
  written?: ExecutionResult;
}

function nameOf(input: ContactInput): string | null {
  const full = [input.firstName, input.lastName].filter(Boolean).join(" ");
  return input.displayName || full || null;
}

function changeRecord(entry: PlanEntry): ChangeRecord {
  const fields: ChangeRecord["fields"] = {};
  if (entry.action === "delete") {
    return {
      action: "delete",
      externalId: entry.externalId,
      contactId: entry.contactId,
      source: null,
      name: nameOf(entry.before),
      fields,
    };
  }
  const name = nameOf(entry.input);
  for (const change of entry.changes) fields[change.field] = { from: change.from, to: change.to };
  if (entry.action === "create") {
    return {
      action: "create",
      externalId: entry.externalId,
      contactId: null,
      source: entry.source,
      name,
      fields,
    };
  }
  const record: ChangeRecord = {
    action: "update",
    externalId: entry.externalId,
    contactId: entry.contactId,
    source: entry.source,
    name,
    fields,
  };
  if (entry.adopt) record.adopt = true;
  return record;
}

/** Builds the report document of one run; in apply mode the counts are what was done. */
export function buildReport(input: ReportInput): SyncReport {
  const { plan, written } = input;
  const failures: FailureRecord[] = [];
  const changes: ChangeRecord[] = [];
  const counts = { create: 0, update: 0, delete: 0 };
  if (written) {
    for (const result of written.results) {
      const record = changeRecord(result.entry);
      if (result.status === "ok") {
        counts[record.action] += 1;
        if (record.action === "create" && result.contact) record.contactId = result.contact.id;
        changes.push(record);
      } else {
        failures.push({
          action: record.action,
          externalId: record.externalId,
          contactId: record.contactId,
          source: record.source,
          message:
            result.status === "not-attempted"
              ? "not attempted: the run was interrupted"
              : (result.error?.message ?? "failed"),
          ...(result.error?.status !== undefined ? { status: result.error.status } : {}),
          ...(result.error?.code !== undefined ? { code: result.error.code } : {}),
        });
      }
    }
  } else {
    for (const entry of plan.entries) {
      changes.push(changeRecord(entry));
      counts[entry.action] += 1;
    }
  }
  return {
    version: 1,
    mode: input.mode,
    summary: {
      ...counts,
      unchanged: plan.unchanged,
      skipped: input.skipped.length,
      conflicts: plan.conflicts.length,
      failed: failures.length,
    },
    planHash: plan.hash,
    changes,
    skipped: input.skipped,
    warnings: input.warnings,
    conflicts: plan.conflicts,
    failures,
    guard: input.guard,
    source: input.source,
    kept: plan.kept,
    skippedKept: plan.skippedKept,
    interrupted: written?.interrupted ?? false,
  };
}
