import type { SearchOptions, SearchResult } from "ldapts";
import type { LdapClient } from "../../../../src/source/ldap/connect.js";

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
