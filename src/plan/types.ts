import type { Contact, ContactInput, ManagedField } from "../model/contact.js";
import type { DesiredContact, Skip } from "../model/desired.js";

export interface PlanOptions {
  /** Contacts whose externalId starts with this are the tool's own; only they are updated or deleted. */
  prefix: string;
  /** What happens to a managed contact no longer in the source. */
  deletes: "delete" | "keep";
  /** Adopt hand-made contacts (no externalId) that match a desired contact by e-mail or mobile. */
  adopt?: { matchBy: readonly ("email" | "mobile")[] };
  /**
   * `sync.deleteAfter` in ms: a managed contact whose user is missing is deleted only once the user has
   * been missing this long (PlanInput.missingSince, PlanInput.now). 0 or absent: at once.
   */
  deleteAfterMs?: number;
}

/** Since when the user of a managed contact is missing from the source (the state keeps the list). */
export interface MissingSince {
  externalId: string;
  /** ISO time of the first run that found the user missing. */
  since: string;
}

/** A managed contact whose user is missing, kept until sync.deleteAfter has passed. */
export interface PendingDelete {
  externalId: string;
  contactId: string;
  /** The contact's name, for people reading the report. */
  name: string | null;
  missingSince: string;
  /** ISO time from which a run deletes it. */
  due: string;
}

export interface PlanInput {
  desired: readonly DesiredContact[];
  /** Every contact now in MBN. */
  contacts: readonly Contact[];
  managedFields: readonly ManagedField[];
  options: PlanOptions;
  /**
   * Users the mapping skipped. A skip that carries a key protects that user's contact: a mapping problem
   * (a name gone empty, a failing transform) must not read as "the user left" and delete the contact.
   */
  skipped?: readonly Skip[];
  /** The list the last run saved; a user missing from it is missing since `now`. */
  missingSince?: readonly MissingSince[];
  /** ISO time of this run: with options.deleteAfterMs, whether a delete is due (the planner has no clock). */
  now?: string;
}

/** One field that differs. For a create `from` is null. */
export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface CreateEntry {
  action: "create";
  externalId: string;
  source: string;
  input: ContactInput;
  changes: FieldChange[];
}

export interface UpdateEntry {
  action: "update";
  contactId: string;
  externalId: string;
  source: string;
  baseVersion: number;
  /** The whole PUT body: stored values with the changed managed fields replaced. */
  input: ContactInput;
  changes: FieldChange[];
  /** True when this update takes over a hand-made contact by setting its externalId. */
  adopt: boolean;
}

export interface DeleteEntry {
  action: "delete";
  contactId: string;
  externalId: string;
  baseVersion: number;
  /** The contact as it was, for the audit log and for undo by hand. */
  before: ContactInput;
}

export type PlanEntry = CreateEntry | UpdateEntry | DeleteEntry;
export type PlanAction = PlanEntry["action"];

/** Users and contacts the planner refused to touch because the match was not unique. */
export interface Conflict {
  externalId?: string;
  sources: string[];
  contactIds: string[];
  reason: string;
}

export interface Plan {
  /** Creates, then updates, then deletes; each group sorted by externalId. */
  entries: PlanEntry[];
  /** Desired contacts whose managed contact already has the desired values. */
  unchanged: number;
  /** Managed contacts with no desired match, left in place because `deletes: "keep"`. */
  kept: number;
  /** Managed contacts left as they are because the mapping skipped their user (see PlanInput.skipped). */
  skippedKept: number;
  /** Managed contacts in MBN before the run. */
  managedCount: number;
  desiredCount: number;
  conflicts: Conflict[];
  /** Deletes not yet due (sync.deleteAfter), by externalId; not entries, so not in the hash or the guards. */
  pendingDeletes?: PendingDelete[];
  /**
   * Every managed contact whose user is missing and which would be deleted (due or pending), with since
   * when: what the state keeps for the next run. Empty without options.deleteAfterMs.
   */
  missingSince?: MissingSince[];
  /** sha256 of the entries (see planHash): what `--approve-deletes` names. */
  hash: string;
}
