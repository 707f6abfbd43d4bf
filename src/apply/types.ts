import type { Contact, ContactInput } from "../model/contact.js";
import type { PlanAction, PlanEntry } from "../plan/types.js";

/** The writes the executor needs; the engine implements it over the MBN client. */
export interface ContactWriter {
  create(input: ContactInput): Promise<Contact>;
  update(id: string, input: ContactInput, ifMatchVersion: number): Promise<Contact>;
  delete(id: string, ifMatchVersion: number): Promise<void>;
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
