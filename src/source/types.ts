/**
 * The interface every directory source implements (LDAP/AD, LDIF). Sources return plain data;
 * only src/source/ldap/ imports ldapts.
 */

/** One user as read from the directory, before mapping. */
export interface SourceUser {
  /** The entry's distinguished name. */
  dn: string;
  /** Canonical lowercase objectGUID (see src/model/guid.ts), or null when the entry has none. */
  guid: string | null;
  /**
   * Text values of every attribute read, keyed by the attribute name in lower case (LDAP names are
   * case-insensitive). Always an array: [] or absent when the entry has no value.
   */
  attributes: Record<string, string[]>;
}

export interface SourceReadRequest {
  /** Attribute names the mapping needs; the source adds what it needs itself (objectGUID, userAccountControl). */
  attributes: readonly string[];
  /**
   * Set when the caller keeps a directory watermark (src/source/ldap/delta-state.ts): the source may then read
   * only what changed since the last run. Sources that cannot (LDIF) ignore it and read everything.
   */
  incremental?: IncrementalRequest;
  /**
   * When set, the source may hand each user to this as it reads it, in the order it would have returned
   * them, instead of returning it in `users`: the caller then keeps only what it makes of each user, and
   * never holds every user at once. A source that must keep its users anyway (an incremental LDAP read:
   * they are its watermark) returns them in `users` as before; the caller takes users from both.
   */
  onUser?: (user: SourceUser) => void;
}

/** What the source needs to decide between a full and a delta read. */
export interface IncrementalRequest {
  /** What the last run kept, or null when there is none (a full read). */
  previous: DirectoryWatermark | null;
  /** `--full`: read everything whatever the watermark says. */
  full: boolean;
  /** A full read at least this often (source.fullReadAfterHours), in ms. */
  fullReadAfterMs: number;
  now: Date;
}

/** One scope group as the last read found it (see src/source/ldap/groups.ts). */
export interface CachedGroup {
  guid: string;
  dn: string;
  usn: number;
  /** Every value of `member`, as the DC wrote it (read in ranges of at most 1,500). */
  members: string[];
  /** GUIDs of the groups among the members (nested groups). */
  children: string[];
}

/** What a run keeps of the directory side, so that the next run can read only the changes. */
export interface DirectoryWatermark {
  /** The DC read: its dsServiceName (the NTDS Settings DN) and invocationID; a USN counts only on that DC. */
  dc: { service: string; invocationId: string; url: string };
  /** The DC's highestCommittedUSN before the searches: the next delta reads uSNChanged > usn. */
  usn: number;
  /** Base DNs, filter, scope groups, disabled accounts and attributes; another value forces a full read. */
  fingerprint: string;
  lastFullReadAt: string;
  /** Every user in scope after this run, as read. */
  users: SourceUser[];
  /** The configured groups by GUID and every group of their closure; null when no scope group is configured. */
  groups: { roots: string[]; entries: CachedGroup[] } | null;
}

/** How a read went, for the report. */
export interface ReadInfo {
  mode: "full" | "delta";
  /** Why a full read (absent for a delta). */
  reason?: string;
  /** User entries the searches returned (a delta reads only the changed ones). */
  entriesRead: number;
  dc?: string;
  /** The USN range read: (from, to]; from is null for a full read. */
  usn?: { from: number | null; to: number };
}

export interface SourceReadResult {
  /** The users read and not handed to the request's `onUser` (all of them when it has none). */
  users: SourceUser[];
  /**
   * Entries left out by the source itself (e.g. disabled accounts in an LDIF), for the report; null when the
   * source cannot count them (an LDAP server applies the filter and never shows them).
   */
  excluded: { disabled: number | null };
  /** Present when the request was incremental: what to keep for the next run, and how the read went. */
  incremental?: { watermark: DirectoryWatermark; info: ReadInfo };
}

export interface DirectorySource {
  /** For messages: "LDIF file ./users.ldif", "LDAP ldaps://dc1:636". */
  readonly description: string;
  read(request: SourceReadRequest): Promise<SourceReadResult>;
}

/** The name of a user in reports: sAMAccountName when present, else the DN. */
export function userName(user: SourceUser): string {
  return user.attributes["samaccountname"]?.[0] ?? user.dn;
}
