import type { SearchOptions, SearchResult } from "ldapts";
import type { LdapClient } from "../../../../src/source/ldap/connect.js";
import type { LdapSourceOptions } from "../../../../src/source/ldap/index.js";

/**
 * The base of the unit tests' fake directory servers: binding, TLS and unbinding always succeed; each fake
 * says only how it answers searches.
 */
export abstract class FakeLdapClient implements LdapClient {
  bind(): Promise<void> {
    return Promise.resolve();
  }
  startTLS(): Promise<void> {
    return Promise.resolve();
  }
  unbind(): Promise<void> {
    return Promise.resolve();
  }
  abstract searchPaginated(
    baseDN: unknown,
    options?: SearchOptions,
    controls?: unknown,
  ): AsyncGenerator<SearchResult>;
}

/** The options of an LDAP source read through a fake: LDAPS to one DC, the Staff OU and its Sales OU, pages of 1000. */
export const fakeSourceOptions = (overrides: Partial<LdapSourceOptions> = {}): LdapSourceOptions => ({
  urls: ["ldaps://dc1.corp.example:636"],
  startTls: false,
  bindDn: "svc@corp.example",
  bindPassword: "not-used-by-the-fake",
  tls: {},
  allowPlaintextBind: false,
  baseDns: ["OU=Staff,DC=corp,DC=example", "OU=Sales,OU=Staff,DC=corp,DC=example"],
  filter: "(&(objectCategory=person)(objectClass=user))",
  memberOf: [],
  disabledAccounts: "exclude",
  pageSize: 1000,
  timeouts: { connectMs: 1000, operationMs: 1000, totalMs: 5000 },
  ...overrides,
});
