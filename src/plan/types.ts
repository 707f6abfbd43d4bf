import type { Contact, ContactInput, ManagedField } from "../model/contact.js";
import type { DesiredContact, Skip } from "../model/desired.js";

export interface PlanOptions {
  /** Contacts whose externalId starts with this are the tool's own; only they are updated or deleted. */
  prefix: string;
  /** What happens to a managed contact no longer in the source. */
  deletes: "delete" | "keep";
  /** Adopt hand-made contacts (no externalId) that match a desired contact by e-mail or mobile. */
  adopt?: { matchBy: readonly ("email" | "mobile")[] };
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
  /** sha256 of the entries (see planHash): what `--approve-deletes` names. */
  hash: string;
}
