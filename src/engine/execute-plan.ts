import { applyPlan, type ApplyResult } from "../apply/index.js";
import type { MbnClient } from "../mbn/index.js";
import type { ManagedField } from "../model/contact.js";
import type { PlanEntry } from "../plan/index.js";
import { mbnContactWriter, type WriterOptions } from "./contact-writer.js";
import type { AuditWriter } from "../state/index.js";
import { auditRecord } from "./audit-record.js";
import type { EventSink } from "./events.js";

export interface ExecuteOptions {
  managedFields: readonly ManagedField[];
  onStale: WriterOptions["onStale"];
  concurrency: number;
  signal?: AbortSignal;
  onEvent: EventSink;
  /** Each write goes to the audit log as it finishes, so a killed run loses at most the writes in flight. */
  audit: AuditWriter;
  now: () => Date;
}

/** Writes the entries to MBN with the contract's recoveries, reporting progress. */
export async function executePlan(
  entries: readonly PlanEntry[],
  client: MbnClient,
  options: ExecuteOptions,
): Promise<ApplyResult> {
  options.onEvent({
    type: "stage",
    stage: "apply",
    message: `Writing ${entries.length} change${entries.length === 1 ? "" : "s"}`,
  });
  const writer = mbnContactWriter(client, { managedFields: options.managedFields, onStale: options.onStale });
  let done = 0;
  return applyPlan(entries, writer, {
    concurrency: options.concurrency,
    ...(options.signal ? { signal: options.signal } : {}),
    onEvent: (e) => {
      if (e.type !== "item") return;
      const record = auditRecord(e.result, options.now());
      if (record) options.audit.write(record);
      options.onEvent({ type: "progress", done: ++done, total: entries.length });
    },
  });
}
