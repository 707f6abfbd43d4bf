import { appendFile } from "node:fs/promises";
import { StateError } from "./errors.js";

/** One write to MBN, as audit.jsonl records it. */
export interface AuditRecord {
  time: string;
  action: "create" | "update" | "delete";
  contactId: string | null;
  externalId: string;
  /** The managed fields before the write (null for a create). */
  before: Record<string, unknown> | null;
  /** The managed fields sent (null for a delete). */
  after: Record<string, unknown> | null;
  result: "ok" | "failed";
  error?: string;
}

/** Appends records as JSON lines in one write; the file is created mode 0600 and never rewritten. */
export async function appendAudit(file: string, records: readonly AuditRecord[]): Promise<void> {
  if (records.length === 0) return;
  const lines = records.map((r) => `${JSON.stringify(r)}\n`).join("");
  try {
    await appendFile(file, lines, { encoding: "utf8", mode: 0o600, flag: "a" });
  } catch (error) {
    throw new StateError(
      file,
      `cannot append to the audit log (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check that state.dir is writable and the disk has room`,
      { cause: error },
    );
  }
}

export interface AuditWriter {
  /** Queues a record and starts writing it at once; never throws (a failure is reported by flush). */
  write(record: AuditRecord): void;
  /** Resolves when every record written so far is on disk; throws the first failure. */
  flush(): Promise<void>;
}

/**
 * An audit log for records that arrive one by one (as each write finishes). Appends run one at a
 * time, in order; records that arrive while one is running go out together in the next, so a kill
 * loses at most what was queued in that instant.
 */
export function openAuditWriter(file: string): AuditWriter {
  let queue: AuditRecord[] = [];
  let running: Promise<void> = Promise.resolve();
  let failure: Error | undefined;

  const drain = async (): Promise<void> => {
    const batch = queue;
    queue = [];
    if (batch.length === 0 || failure !== undefined) return;
    try {
      await appendAudit(file, batch);
    } catch (error) {
      failure = error instanceof Error ? error : new Error(String(error));
    }
  };

  return {
    write(record) {
      queue.push(record);
      if (queue.length === 1) running = running.then(drain);
    },
    async flush() {
      await running;
      if (failure !== undefined) throw failure;
    },
  };
}
