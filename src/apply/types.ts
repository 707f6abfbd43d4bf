import type { Contact } from "../model/contact.js";
import type { CreateEntry, DeleteEntry, PlanAction, PlanEntry, UpdateEntry } from "../plan/types.js";

/**
 * The writes the executor needs; the engine implements it over the MBN client. Each takes the whole
 * entry so that an implementation can recover from a stale version (re-read and re-plan that one contact).
 */
export interface ContactWriter {
  create(entry: CreateEntry): Promise<Contact>;
  update(entry: UpdateEntry): Promise<Contact>;
  delete(entry: DeleteEntry): Promise<void>;
}

export type ItemStatus = "ok" | "failed" | "not-attempted";

export interface ItemError {
  message: string;
  /** HTTP status, when the writer's error carried one. */
  status?: number;
  /** The API's numeric error code, when the writer's error carried one. */
  code?: number;
}

export interface ItemResult {
  entry: PlanEntry;
  status: ItemStatus;
  /** The contact as MBN returned it (create and update). */
  contact?: Contact;
  error?: ItemError;
}

export type ApplyEvent = { type: "phase"; action: PlanAction } | { type: "item"; result: ItemResult };

export interface ApplyOptions {
  /** Writes in flight at once (at least 1). */
  concurrency: number;
  /** Once aborted no new write starts; writes in flight finish. */
  signal?: AbortSignal;
  onEvent?: (event: ApplyEvent) => void;
}

export interface ApplyCounts {
  created: number;
  updated: number;
  deleted: number;
  failed: number;
  notAttempted: number;
}

export interface ApplyResult {
  /** One per entry: creates, then updates, then deletes, each in the order given. */
  results: ItemResult[];
  counts: ApplyCounts;
  /** True when the signal stopped the run before every entry was attempted. */
  interrupted: boolean;
}
