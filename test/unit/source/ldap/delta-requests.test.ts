/**
 * What an incremental read asks of the DC, on a fake DC that answers by base and attributes: the rootDSE and
 * the invocationID at once when the last run's DC is known, a changed invocationID (a restore) forcing a full
 * read, and a delta that searches nothing when the USN has not moved and skips the scope check when no user
 * changed.
 */
import { EqualityFilter, type Control, type Entry, type SearchOptions, type SearchResult } from "ldapts";
import { describe, expect, it } from "vitest";
import { guidToBytes } from "../../../../src/model/guid.js";
import type { LdapClient } from "../../../../src/source/ldap/connect.js";
import { FakeLdapClient } from "./fake-client.js";
import { fullReadReason } from "../../../../src/source/ldap/delta-decision.js";
import { readDelta, type DeltaContext } from "../../../../src/source/ldap/delta.js";
import { readDcPosition, type DcPosition } from "../../../../src/source/ldap/rootdse.js";
import type { DirectoryWatermark } from "../../../../src/source/types.js";

const NC = "DC=corp,DC=example";
const DC1 = `CN=NTDS Settings,CN=DC1,CN=Servers,CN=Site,CN=Sites,CN=Configuration,${NC}`;
const DC2 = DC1.replace("CN=DC1", "CN=DC2");
const ID1 = "11111111-1111-4111-8111-111111111111";
const ID2 = "22222222-2222-4222-8222-222222222222";
const USER = "672af4d1-9e8d-4562-8d3e-1d76bc47041d";

/** A DC that answers the rootDSE, NTDS Settings objects and whole-domain searches; it logs each search. */
class FakeDc extends FakeLdapClient {
  readonly log: string[] = [];
  changedUsers: Entry[] = [];
  constructor(
    private readonly service: string,
    private readonly ids: Record<string, string>,
    private readonly usn: number,
  ) {
    super();
  }
  async *searchPaginated(
    base: unknown,
    options: SearchOptions = {},
    _c?: Control | Control[],
  ): AsyncGenerator<SearchResult> {
    const attributes = options.attributes ?? [];
    const what =
      base === ""
        ? "rootDSE"
        : String(options.filter).includes("isDeleted")
          ? "tombstones"
          : base !== NC
            ? `invocationID of ${String(base).split(",")[1] ?? ""}`
            : attributes.length === 1
              ? "scope check"
              : "changed users";
    this.log.push(`start ${what}`);
    // Answers come a turn later, as from a socket: a request sent meanwhile shows as sent before this answer.
    await Promise.resolve();
    await Promise.resolve();
    this.log.push(`end ${what}`);
    yield { searchEntries: this.answer(String(base), what), searchReferences: [] };
  }
  private answer(base: string, what: string): Entry[] {
    if (what === "rootDSE") {
      return [
        {
          dn: "",
          highestCommittedUSN: String(this.usn),
          dsServiceName: this.service,
          defaultNamingContext: NC,
        },
      ];
    }
    if (what.startsWith("invocationID")) {
      const id = this.ids[base];
      if (id === undefined) throw new Error("no such object");
      return [{ dn: base, invocationId: guidToBytes(id) }];
    }
    if (what === "changed users" || what === "scope check") return this.changedUsers;
    return [];
  }
}

const position = (usn: number): DcPosition => ({
  service: DC1,
  invocationId: ID1,
  highestCommittedUsn: usn,
  namingContext: NC,
});
const watermark: DirectoryWatermark = {
  dc: { service: DC1, invocationId: ID1, url: "ldaps://dc1" },
  usn: 100,
  fingerprint: "f",
  lastFullReadAt: new Date().toISOString(),
  users: [{ dn: `CN=A,OU=Staff,${NC}`, guid: USER, attributes: { title: ["Old"] } }],
  groups: null,
};
const deltaContext = (client: LdapClient, usn: number): DeltaContext => ({
  client,
  position: position(usn),
  previous: watermark,
  scopeFilter: new EqualityFilter({ attribute: "objectClass", value: "user" }),
  attributes: ["objectGUID", "title", "memberOf"],
  keep: (u) => u,
  baseDns: [`OU=Staff,${NC}`],
  groupsConfigured: false,
  pageSize: 1000,
  timeLimit: 10,
  debug: () => undefined,
});

describe("the DC's position", () => {
  it("asks the rootDSE and the last run's DC's invocationID at once", async () => {
    const dc = new FakeDc(DC1, { [DC1]: ID1 }, 500);
    const read = await readDcPosition(dc, DC1);
    expect(read).toEqual({ service: DC1, invocationId: ID1, highestCommittedUsn: 500, namingContext: NC });
    expect(dc.log.slice(0, 2)).toEqual(["start rootDSE", "start invocationID of CN=DC1"]);
    expect(dc.log).toHaveLength(4);
  });

  it("reads the invocationID of the DC the rootDSE names when the last run read another", async () => {
    const dc = new FakeDc(DC2, { [DC1]: ID1, [DC2]: ID2 }, 500);
    const read = await readDcPosition(dc, DC1);
    expect(read.invocationId).toBe(ID2);
    expect(dc.log.filter((l) => l.startsWith("start"))).toEqual([
      "start rootDSE",
      "start invocationID of CN=DC1",
      "start invocationID of CN=DC2",
    ]);
  });

  it("reads the invocationID after the rootDSE when there is no last run, and a changed one forces a full read", async () => {
    const dc = new FakeDc(DC1, { [DC1]: ID2 }, 500);
    const read = await readDcPosition(dc);
    expect(dc.log).toEqual([
      "start rootDSE",
      "end rootDSE",
      "start invocationID of CN=DC1",
      "end invocationID of CN=DC1",
    ]);
    const request = { previous: watermark, full: false, fullReadAfterMs: 86_400_000, now: new Date() };
    expect(fullReadReason(request, read, "f")).toMatch(
      /invocationID changed \(1111.* → 2222.*\): its database was restored/,
    );
  });
});

describe("an idle delta", () => {
  it("searches nothing when the DC's highestCommittedUSN is still the watermark's", async () => {
    const dc = new FakeDc(DC1, {}, 100);
    const out = await readDelta(deltaContext(dc, 100));
    expect(dc.log).toEqual([]);
    expect(out).toEqual({ users: watermark.users, groups: null, entriesRead: 0 });
  });

  it("sends the changed users and tombstones searches at once, and skips the scope check when no user changed", async () => {
    const dc = new FakeDc(DC1, {}, 120);
    const out = await readDelta(deltaContext(dc, 120));
    expect(dc.log.slice(0, 2)).toEqual(["start changed users", "start tombstones"]);
    expect(dc.log.filter((l) => l.startsWith("start"))).toEqual(["start changed users", "start tombstones"]);
    expect(out).toEqual({ users: watermark.users, groups: null, entriesRead: 0 });
  });

  it("asks the DC to judge the scope when a user changed", async () => {
    const dc = new FakeDc(DC1, {}, 120);
    dc.changedUsers = [{ dn: `CN=A,OU=Staff,${NC}`, objectGUID: guidToBytes(USER), title: "New" }];
    const out = await readDelta(deltaContext(dc, 120));
    expect(dc.log.filter((l) => l.startsWith("start"))).toContain("start scope check");
    expect(out).toMatchObject({ entriesRead: 1, users: [{ guid: USER, attributes: { title: ["New"] } }] });
  });
});
