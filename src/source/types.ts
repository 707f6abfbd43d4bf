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
}

export interface SourceReadResult {
  users: SourceUser[];
  /**
   * Entries left out by the source itself (e.g. disabled accounts in an LDIF), for the report; null when the
   * source cannot count them (an LDAP server applies the filter and never shows them).
   */
  excluded: { disabled: number | null };
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
