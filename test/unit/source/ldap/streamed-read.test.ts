/**
 * A full LDAP read hands each user over as its page arrives (SourceReadRequest.onUser), so that the
 * engine never holds every user at once. A fake client that pages like AD shows when users are handed
 * over; the Samba tests (test/integration/ldap/read-scope.test.ts) show the same users as a collected read.
 */
import type { Entry, SearchOptions, SearchResult } from "ldapts";
import { describe, expect, it } from "vitest";
import { guidToBytes } from "../../../../src/model/guid.js";
import { FakeLdapClient, fakeSourceOptions } from "./fake-client.js";
import { createLdapSource } from "../../../../src/source/ldap/source.js";
import type { SourceUser } from "../../../../src/source/types.js";

const STAFF = "OU=Staff,DC=corp,DC=example";
const SALES = "OU=Sales,OU=Staff,DC=corp,DC=example";

function entry(i: number, base: string, guid = true): Entry {
  return {
    dn: `CN=User ${i},${base}`,
    ...(guid ? { objectGUID: guidToBytes(`00000000-0000-4000-8000-${String(i).padStart(12, "0")}`) } : {}),
    sAMAccountName: `user${i}`,
    userAccountControl: "512",
  };
}

/** Pages each base's entries; notes how many users had been handed over when each page was asked for. */
class PagingClient extends FakeLdapClient {
  readonly handedAtPage: number[] = [];
  constructor(
    private readonly bases: Record<string, Entry[]>,
    private readonly handed: () => number,
  ) {
    super();
  }
  async *searchPaginated(baseDN: unknown, options: SearchOptions = {}): AsyncGenerator<SearchResult> {
    const all = this.bases[String(baseDN)] ?? [];
    const size = typeof options.paged === "object" ? (options.paged.pageSize ?? 1000) : 1000;
    for (let start = 0; start < all.length; start += size) {
      // Counted when the page is asked for (a generator runs up to its first await on next()).
      this.handedAtPage.push(this.handed());
      await Promise.resolve();
      yield { searchEntries: all.slice(start, start + size), searchReferences: [] };
    }
  }
}

// Sales is inside Staff: its users are read twice, and users without a GUID come in both bases too.
const directory = (): Record<string, Entry[]> => {
  const sales = [entry(1, SALES), entry(2, SALES, false), entry(3, SALES)];
  const staff = [
    ...Array.from({ length: 250 }, (_, i) => entry(10 + i, STAFF)),
    entry(5, STAFF, false),
    ...sales,
  ];
  return { [STAFF]: staff, [SALES]: sales };
};

async function readBoth(baseDns: string[]): Promise<{ collected: SourceUser[]; handed: SourceUser[] }> {
  const collected = await createLdapSource(fakeSourceOptions({ baseDns, pageSize: 100 }), {
    createClient: () => new PagingClient(directory(), () => 0),
  }).read({ attributes: [] });
  const handed: SourceUser[] = [];
  const streamed = await createLdapSource(fakeSourceOptions({ baseDns, pageSize: 100 }), {
    createClient: () => new PagingClient(directory(), () => handed.length),
  }).read({ attributes: [], onUser: (user) => handed.push(user) });
  expect(streamed.users).toEqual([]);
  expect(streamed.excluded).toEqual({ disabled: null });
  return { collected: collected.users, handed };
}

describe("LDAP source: handing each user over as its page arrives", () => {
  it("hands over the users a collected read returns, in the same order: each once, those without a GUID last", async () => {
    const { collected, handed } = await readBoth([STAFF, SALES]);
    expect(handed).toEqual(collected);
    expect(handed).toHaveLength(254);
    expect(handed.slice(-2).map((u) => [u.dn, u.guid])).toEqual([
      [`CN=User 5,${STAFF}`, null],
      [`CN=User 2,${SALES}`, null],
    ]);
  });

  it("hands a page's users over before the page after next is asked for", async () => {
    const handed: SourceUser[] = [];
    const client = new PagingClient(directory(), () => handed.length);
    await createLdapSource(fakeSourceOptions({ baseDns: [STAFF], pageSize: 100 }), {
      createClient: () => client,
    }).read({
      attributes: [],
      onUser: (user) => handed.push(user),
    });
    // Page n+1 is asked for before page n is handed over (the DC builds it meanwhile), so page 3 is the
    // first to be asked for with a page already handed over.
    expect(client.handedAtPage).toEqual([0, 0, 100]);
    expect(handed).toHaveLength(254);
  });
});
