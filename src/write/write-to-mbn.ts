import { isContactRefusal, type MbnClient } from "../mbn/index.js";
import { SyncError } from "../model/exit-code.js";
import type { ManagedField } from "../model/contact.js";
import type { PlanEntry } from "../plan/index.js";
import type { AuditLog } from "../state/index.js";
import { auditRecord } from "./audit-record.js";
import { executeWrites } from "./executor.js";
import { mbnContactWriter, type WriterOptions } from "./mbn-writer.js";
import type { ExecutionResult } from "./types.js";

export interface WriteToMbnOptions {
  managedFields: readonly ManagedField[];
  onStale: WriterOptions["onStale"];
  concurrency: number;
  signal?: AbortSignal;
  /** After each write is audited: how many of the entries are done. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Each write is appended to the audit log as it finishes, before its slot takes the next entry, so a
   * killed run loses at most the writes in flight, and a log that cannot be written stops the writes.
   */
  audit: AuditLog;
  now: () => Date;
}

/** Writes the entries to MBN with the contract's recoveries, auditing each write and reporting progress. */
export async function writeToMbn(
  entries: readonly PlanEntry[],
  client: MbnClient,
  options: WriteToMbnOptions,
): Promise<ExecutionResult> {
  const writer = mbnContactWriter(client, { managedFields: options.managedFields, onStale: options.onStale });
  let done = 0;
  return executeWrites(entries, writer, {
    concurrency: options.concurrency,
    ...(options.signal ? { signal: options.signal } : {}),
    // MBN unavailable past the retries, or the credentials or the enterprise refused: every other write
    // would meet the same, so the run ends with that error's exit code instead of failing each contact.
    endsRun: (error) => error instanceof SyncError && !isContactRefusal(error),
    afterEach: async (result) => {
      const record = auditRecord(result, options.now(), options.managedFields);
      if (record) await options.audit.append(record);
      options.onProgress?.(++done, entries.length);
    },
  });
}
