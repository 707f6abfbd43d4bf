import { open, type FileHandle } from "node:fs/promises";
import { StateError } from "./errors.js";

/** One write to MBN, as audit.jsonl records it. */
export interface AuditRecord {
  time: string;
  action: "create" | "update" | "delete";
  contactId: string | null;
  externalId: string;
  /**
   * Every managed field as the contact was before the write: null for a create (unless it existed
   * already, found through MBN's 409), the whole contact for a delete.
   */
  before: Record<string, unknown> | null;
  /** Every managed field as sent, or meant to be (null for a delete). */
  after: Record<string, unknown> | null;
  /**
   * "ok": MBN took the write; "already-present": the contact already held it (e.g. our own earlier create),
   * nothing written; "already-gone": the contact to delete was gone; "stale": not written because it
   * changed in MBN since the plan (see `reason`); "failed": see `error`.
   */
  result: "ok" | "already-present" | "already-gone" | "stale" | "failed";
  error?: string;
  reason?: string;
}

export interface AuditLog {
  /** Resolves when the record's line is in the file; rejects (StateError) when it cannot be written. */
  append(record: AuditRecord): Promise<void>;
  /** Waits for the appends under way, then closes the file. */
  close(): Promise<void>;
}

function auditError(file: string, doing: string, error: unknown): StateError {
  const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new StateError(
    file,
    `cannot ${doing} the audit log (${code}); check that state.dir is writable and the disk has room`,
    { cause: error },
  );
}

/**
 * Opens the audit log for appending (created mode 0600, never rewritten), so that a log that cannot be
 * written stops a run before its first write. Appends go out one at a time, in order, one line each; after
 * a failed append every later one fails too, so the caller's first error is the one that counts.
 */
export async function openAuditLog(file: string): Promise<AuditLog> {
  let handle: FileHandle;
  try {
    handle = await open(file, "a", 0o600);
  } catch (error) {
    throw auditError(file, "open", error);
  }
  let tail: Promise<void> = Promise.resolve();
  let failure: StateError | undefined;

  const write = async (line: string): Promise<void> => {
    if (failure) throw failure;
    try {
      await handle.appendFile(line, "utf8");
    } catch (error) {
      failure = auditError(file, "append to", error);
      throw failure;
    }
  };

  return {
    append(record) {
      const appended = tail.then(() => write(`${JSON.stringify(record)}\n`));
      tail = appended.catch(() => undefined);
      return appended;
    },
    async close() {
      await tail;
      await handle.close();
    },
  };
}
