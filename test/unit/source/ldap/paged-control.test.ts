/**
 * Samba does not cap unpaged searches at 1000 entries as Windows AD does (MaxPageSize), so the
 * Samba tests alone cannot prove the paged-results control is sent. This fake client behaves
 * like AD: a search without paging, or with pages over 1000, gets the first 1000 entries only.
 */
import type { ClientOptions, Entry, SearchOptions, SearchResult } from "ldapts";
import { describe, expect, it } from "vitest";
import { guidToBytes } from "../../../../src/model/guid.js";
import { UnavailableError } from "../../../../src/model/errors.js";
import { SyncError } from "../../../../src/model/exit-code.js";
import { FakeLdapClient, fakeSourceOptions } from "./fake-client.js";
import { createLdapSource as createWithSeams } from "../../../../src/source/ldap/source.js";

const AD_MAX_PAGE_SIZE = 1000;

function entries(count: number): Entry[] {
  return Array.from({ length: count }, (_, i) => ({
    dn: `CN=User ${i},OU=Staff,DC=corp,DC=example`,
    objectGUID: guidToBytes(`00000000-0000-4000-8000-${String(i).padStart(12, "0")}`),
    sAMAccountName: `user${i}`,
    // S-1-5-21-1-2-3-<1000+i>
    objectSid: Buffer.from([
      1,
      5,
      0,
      0,
      0,
      0,
      0,
      5,
      ...[21, 1, 2, 3, 1000 + i].flatMap((n) => [...new Uint8Array(new Uint32Array([n]).buffer)]),
    ]),
    userAccountControl: "512",
    memberOf:
      i % 3 === 0
        ? []
        : i % 3 === 1
          ? "CN=G1,DC=corp,DC=example"
          : ["CN=G1,DC=corp,DC=example", "CN=G2,DC=corp,DC=example"],
  }));
}

class StrictAdClient extends FakeLdapClient {
  readonly searches: { baseDN: string; options: SearchOptions }[] = [];
  constructor(
    private readonly directory: Entry[],
    private readonly failOnPage?: number,
  ) {
    super();
  }
  async *searchPaginated(baseDN: unknown, options: SearchOptions = {}): AsyncGenerator<SearchResult> {
    this.searches.push({ baseDN: String(baseDN), options });
    const size = typeof options.paged === "object" ? options.paged.pageSize : undefined;
    if (size === undefined || size > AD_MAX_PAGE_SIZE) {
      // What AD does with a search it will not page: 1000 entries, then sizeLimitExceeded.
      yield { searchEntries: this.directory.slice(0, AD_MAX_PAGE_SIZE), searchReferences: [] };
      return;
    }
    for (let start = 0, page = 1; start < this.directory.length; start += size, page++) {
      await Promise.resolve();
      if (page === this.failOnPage) throw new Error("Connection closed before message response was received");
      yield { searchEntries: this.directory.slice(start, start + size), searchReferences: [] };
    }
  }
}

describe("LDAP source: the paged-results control", () => {
  it("pages every search with at most 1000 entries a page, so AD's cap cannot truncate a read", async () => {
    for (const pageSize of [1000, 5000, 300]) {
      const client = new StrictAdClient(entries(2500));
      const created: ClientOptions[] = [];
      const source = createWithSeams(fakeSourceOptions({ pageSize }), {
        createClient: (o) => {
          created.push(o);
          return client;
        },
      });
      const result = await source.read({ attributes: ["mail", "objectsid"] });
      expect(result.users).toHaveLength(2500);
      expect(client.searches).toHaveLength(2);
      for (const { options: search } of client.searches) {
        expect(search.paged).toEqual({ pageSize: Math.min(pageSize, AD_MAX_PAGE_SIZE) });
        expect(search.scope).toBe("sub");
        expect(search.explicitBufferAttributes).toEqual(["objectGUID", "objectSid"]);
        expect(search.attributes).toEqual(
          expect.arrayContaining(["objectGUID", "userAccountControl", "sAMAccountName", "mail"]),
        );
        // In the server's spelling, or ldapts would not hand the SID over as bytes.
        expect(search.attributes).toContain("objectSid");
        expect(search.attributes).not.toContain("objectsid");
      }
      expect(created).toHaveLength(1);
    }
  });

  it("normalises single, multiple and absent values to arrays", async () => {
    const client = new StrictAdClient(entries(3));
    const result = await createWithSeams(fakeSourceOptions({ baseDns: ["OU=Staff,DC=corp,DC=example"] }), {
      createClient: () => client,
    }).read({
      attributes: ["memberOf", "objectSid"],
    });
    const memberOf = result.users.map((u) => u.attributes["memberof"]);
    expect(memberOf).toEqual([
      [],
      ["CN=G1,DC=corp,DC=example"],
      ["CN=G1,DC=corp,DC=example", "CN=G2,DC=corp,DC=example"],
    ]);
    expect(result.users[1]?.guid).toBe("00000000-0000-4000-8000-000000000001");
    expect(result.users[2]?.attributes["objectsid"]).toEqual(["S-1-5-21-1-2-3-1002"]);
  });

  it("fails the whole read when a later page fails, naming the page, instead of returning what it had", async () => {
    const client = new StrictAdClient(entries(2500), 3);
    const source = createWithSeams(fakeSourceOptions({ pageSize: 1000 }), { createClient: () => client });
    const error = await source.read({ attributes: [] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as Error).message).toMatch(/reading page 3 of OU=Staff,DC=corp,DC=example failed/);
    expect((error as Error).message).toContain("ldaps://dc1.corp.example:636");
    expect((error as Error).message).toContain("svc@corp.example");
  });

  it("lets a bug in converting an entry through as itself (exit 1), not as an LDAP failure (69)", async () => {
    const broken = entries(3);
    // No LDAP client hands over null; converting it is a TypeError in the tool's own code.
    (broken[1] as Record<string, unknown>)["mail"] = null;
    const source = createWithSeams(fakeSourceOptions({ baseDns: ["OU=Staff,DC=corp,DC=example"] }), {
      createClient: () => new StrictAdClient(broken),
    });
    const error = await source.read({ attributes: ["mail"] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(error).not.toBeInstanceOf(SyncError);
  });
});
