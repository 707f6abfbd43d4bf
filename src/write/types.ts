import type { Contact } from "../model/contact.js";
import type { CreateEntry, DeleteEntry, PlanEntry, UpdateEntry } from "../plan/index.js";

/**
 * The writes the executor needs; mbn-writer.ts implements it over the MBN client. Each takes the whole
 * entry so that an implementation can recover from a stale version (re-read and re-plan that one contact).
 */
export interface ContactWriter {
  create(entry: CreateEntry): Promise<Contact>;
  update(entry: UpdateEntry): Promise<Contact>;
  delete(entry: DeleteEntry): Promise<void>;
}

export type WriteStatus = "ok" | "failed" | "not-attempted";

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
  /** The contact as MBN returned it (create and update). */
  contact?: Contact;
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
}

export interface WriteCounts {
  created: number;
  updated: number;
  deleted: number;
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
