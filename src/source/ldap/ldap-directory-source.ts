/**
 * What the LDAP source is beside a DirectorySource, apart from the source itself: `check` asks it
 * without loading ldapts (the source is loaded only when the configuration names it).
 */
import type { DirectorySource } from "../types.js";

/** What `check` says of incremental reads (source.incremental) for this account and DC. */
export interface IncrementalProbe {
  /** The DC's dsServiceName and its highestCommittedUSN: where a delta would start. */
  dc: string;
  usn: number;
  /** CN=Deleted Objects of the domain, and whether the account sees tombstones in it. */
  deletedObjects: string;
  tombstonesVisible: boolean;
}

/** The LDAP source, with what only `check` asks of it. */
export interface LdapDirectorySource extends DirectorySource {
  probeIncremental(): Promise<IncrementalProbe>;
}

export function isLdapSource(source: DirectorySource): source is LdapDirectorySource {
  return typeof (source as Partial<LdapDirectorySource>).probeIncremental === "function";
}
