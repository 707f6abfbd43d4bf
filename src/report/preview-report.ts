import type { ManagedField, ManagedValues } from "../model/contact.js";
import type { Skip, Warning } from "../model/desired.js";

/** One user through the mapping, as `mbn-ad-sync preview` shows it. */
export interface PreviewReport {
  version: 1;
  /** Where the user was read from, e.g. "LDIF file ./users.ldif". */
  source: string;
  user: {
    dn: string;
    guid: string | null;
    /** Every attribute read, by lower-case name, sorted; objectguid in canonical form. */
    attributes: Record<string, string[]>;
  };
  /** The managed fields in MANAGEABLE_FIELDS order, every one present (null when empty); null when skipped. */
  contact: ({ externalId: string } & ManagedValues) | null;
  managedFields: ManagedField[];
  skipped: Skip | null;
  warnings: Warning[];
}
