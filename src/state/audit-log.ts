import { open, rename, rm, type FileHandle } from "node:fs/promises";
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

/** How big the live file may grow, and how many rotated files are kept (config `state.audit`). */
export interface AuditRotation {
  maxBytes: number;
  keep: number;
}

export const DEFAULT_AUDIT_ROTATION: AuditRotation = { maxBytes: 50 * 1024 * 1024, keep: 10 };

function auditError(file: string, doing: string, error: unknown): StateError {
  const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new StateError(
    file,
    `cannot ${doing} the audit log (${code}); check that state.dir is writable and the disk has room`,
    { cause: error },
  );
}

/** audit.jsonl → audit.3.jsonl: the n-th rotated file beside the live one. */
export function rotatedName(file: string, n: number): string {
  const dot = file.endsWith(".jsonl") ? file.length - ".jsonl".length : file.length;
  return `${file.slice(0, dot)}.${n}${file.slice(dot)}`;
}

/** Shifts audit.1 … audit.(keep-1) up by one (the oldest, audit.keep, is dropped), then audit → audit.1. */
async function shiftFiles(file: string, keep: number): Promise<void> {
  await rm(rotatedName(file, keep), { force: true });
  for (let n = keep - 1; n >= 1; n--) {
    await rename(rotatedName(file, n), rotatedName(file, n + 1)).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    });
  }
  await rename(file, rotatedName(file, 1));
}

async function openLive(file: string): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(file, "a", 0o600);
    // The mode is only applied when the file is created: an older file made by hand is made private too.
    await handle.chmod(0o600);
    return { handle, size: (await handle.stat()).size };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    throw auditError(file, "open", error);
  }
}

/**
 * Opens the audit log for appending (mode 0600, never rewritten), so that a log that cannot be written
 * stops a run before its first write. Appends go out one at a time, in order, one line each; after a
 * failed append every later one fails too, so the caller's first error is the one that counts.
 *
 * Rotation happens between lines, so no line is ever split or lost: when the next line would take the
 * live file past `maxBytes`, the file is closed and renamed to audit.1.jsonl (older ones move up, the
 * one past `keep` is removed) and the line starts a new file. A line longer than `maxBytes` gets a file
 * of its own. The caller holds the run lock, so no other run rotates at the same time.
 */
export async function openAuditLog(
  file: string,
  rotation: AuditRotation = DEFAULT_AUDIT_ROTATION,
): Promise<AuditLog> {
  let { handle, size } = await openLive(file);
  // False between closing the full file and opening the next one: a failed rotation leaves nothing open.
  let isOpen = true;
  let tail: Promise<void> = Promise.resolve();
  let failure: StateError | undefined;

  const rotate = async (): Promise<void> => {
    isOpen = false;
    await handle.close();
    try {
      await shiftFiles(file, rotation.keep);
    } catch (error) {
      throw auditError(file, "rotate", error);
    }
    ({ handle, size } = await openLive(file));
    isOpen = true;
  };

  const write = async (line: string): Promise<void> => {
    if (failure) throw failure;
    try {
      const bytes = Buffer.byteLength(line, "utf8");
      if (size > 0 && size + bytes > rotation.maxBytes) await rotate();
      await handle.appendFile(line, "utf8");
      size += bytes;
    } catch (error) {
      failure = error instanceof StateError ? error : auditError(file, "append to", error);
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
      if (isOpen) await handle.close();
      isOpen = false;
    },
  };
}
