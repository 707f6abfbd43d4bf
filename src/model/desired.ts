import type { ManagedValues } from "./contact.js";

/** What the directory says one contact should be, after mapping. */
export interface DesiredContact {
  /** `<prefix><canonical objectGUID>`: the key the contact carries in MBN. */
  externalId: string;
  /** Names the user in reports: sAMAccountName when known, else the DN. */
  source: string;
  /** The values of the fields the mapping manages; a field absent here is not managed. */
  fields: ManagedValues;
}

/** A problem with one user that did not stop the run. */
export interface Warning {
  source: string;
  field: string;
  message: string;
}

/** A user left out of the sync, and why. */
export interface Skip {
  source: string;
  reason: string;
  /** The key the user's contact carries, when the user has one: its contact is kept as it is, never deleted. */
  externalId?: string;
}
