/** What the LDAP source needs to know; built by src/config/ from the `source` section. */
export interface LdapSourceOptions {
  /** Tried in order until one connects and binds. */
  urls: string[];
  startTls: boolean;
  /** UPN, DOMAIN\user or DN. */
  bindDn: string;
  bindPassword: string;
  tls: { caFile?: string; serverName?: string; insecureSkipVerify?: boolean };
  allowPlaintextBind: boolean;
  baseDns: string[];
  /** An LDAP filter string written by the admin, e.g. `(&(objectCategory=person)(objectClass=user))`. */
  filter: string;
  /** Group DNs; nested (transitive) membership counts. Empty: no group restriction. */
  memberOf: string[];
  disabledAccounts: "exclude" | "include";
  /** At most 1000, the MaxPageSize of Windows AD. */
  pageSize: number;
  timeouts: { connectMs: number; operationMs: number; totalMs: number };
  onEvent?: (event: LdapSourceEvent) => void;
}

/** Messages, and after each page of a search the users read so far (for a live count). */
export type LdapSourceEvent =
  | { type: "debug" | "warning"; message: string }
  | { type: "progress"; message: string; users: number; page: number; baseDn: string };

/** Windows AD returns no more than this many entries per page (MaxPageSize). */
export const MAX_PAGE_SIZE = 1000;

/** Attributes the source always reads, whatever the mapping asks for. */
export const REQUIRED_ATTRIBUTES = ["objectGUID", "userAccountControl", "sAMAccountName"] as const;

/** Spelled exactly as the server does: ldapts matches explicitBufferAttributes case-sensitively. */
export const BINARY_ATTRIBUTES = ["objectGUID", "objectSid"] as const;
