import type { Contact, ContactInput } from "../model/contact.js";
import type { CreateEntry, DeleteEntry, PlanEntry, UpdateEntry } from "../plan/index.js";

/**
 * What a create or update came to. "written": MBN took a POST or PUT of ours; "already-present": the
 * contact already held what we meant to send (e.g. our own earlier create, found through MBN's 409), so
 * nothing was written.
 */
export interface WriterAnswer {
  outcome: "written" | "already-present";
  /** The contact as MBN holds it now. */
  contact: Contact;
  /**
   * The contact the write was made against when it was not the planned one (re-read after a 409 or a
   * 412), or null when it was created afresh because it had gone; absent when it was the planned one.
   */
  basis?: ContactInput | null;
}

/**
 * The writes the executor needs; mbn-writer.ts implements it over the MBN client. Each takes the whole
 * entry so that an implementation can recover from a stale version (re-read and re-plan that one contact).
 * An item that is not written because the contact changed in MBN since the plan is thrown as WriteSkipped.
 */
export interface ContactWriter {
  create(entry: CreateEntry): Promise<WriterAnswer>;
  update(entry: UpdateEntry): Promise<WriterAnswer>;
  /** "already-gone": the contact was not there to delete (404), which is what was wanted. */
  delete(entry: DeleteEntry): Promise<"written" | "already-gone">;
}

/**
 * What became of one entry: "ok" written; "already-present" (create/update) and "already-gone" (delete)
 * needed no write; "stale" not written because the contact changed in MBN since the plan (WriteSkipped);
 * "failed" an error; "not-attempted" never started (the run was interrupted).
 */
export type WriteStatus = "ok" | "already-present" | "already-gone" | "stale" | "failed" | "not-attempted";

export interface WriteError {
  message: string;
  /** HTTP status, when the writer's error carried one. */
  status?: number;
  /** The API's numeric error code, when the writer's error carried one. */
  code?: number;
}

/** What became of one plan entry. */
export interface WriteResult {
  entry: PlanEntry;
  status: WriteStatus;
  /** The contact as MBN returned it (create and update, written or already present). */
  contact?: Contact;
  /** See WriterAnswer.basis. */
  basis?: ContactInput | null;
  /** Why it failed ("failed") or was not written ("stale"). */
  error?: WriteError;
}

export interface ExecuteOptions {
  /** Writes in flight at once (at least 1). */
  concurrency: number;
  /** Once aborted no new write starts; writes in flight finish. */
  signal?: AbortSignal;
  /**
   * Called with each result before that slot takes its next entry (the audit log and progress). If it
   * throws, no further write starts, the writes in flight finish, and the executor rethrows the error.
   */
  afterEach?: (result: WriteResult) => void | Promise<void>;
  /**
   * True for an error that is not about the entry but about the run (MBN unavailable, the credentials
   * or the enterprise refused): that entry is "failed", no further write starts, the writes in flight
   * finish, and the executor rethrows the error. By default every error is the entry's own.
   */
  endsRun?: (error: unknown) => boolean;
}

/** How many entries ended in each way; created/updated/deleted count only writes MBN took. */
export interface WriteCounts {
  created: number;
  updated: number;
  deleted: number;
  alreadyPresent: number;
  alreadyGone: number;
  stale: number;
  failed: number;
  notAttempted: number;
}

export interface ExecutionResult {
  /** One per entry: creates, then updates, then deletes, each in the order given. */
  results: WriteResult[];
  counts: WriteCounts;
  /** True when the signal stopped the run before every entry was attempted. */
  interrupted: boolean;
}
