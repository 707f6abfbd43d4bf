import type { Control, Entry, SearchOptions, SearchResult } from "ldapts";
import { describe, expect, it } from "vitest";
import { FakeLdapClient } from "./fake-client.js";
import { readGroup } from "../../../../src/source/ldap/groups.js";

const GUID = Buffer.from("d1f42a678d9e62458d3e1d76bc47041d", "hex");

/** A group as Windows AD serves it: at most 1,500 values of `member` per read, named member;range=a-b. */
class StrictRangedGroup extends FakeLdapClient {
  readonly asked: string[] = [];
  constructor(private readonly members: string[]) {
    super();
  }
  // eslint-disable-next-line @typescript-eslint/require-await
  async *searchPaginated(
    _base: unknown,
    options: SearchOptions = {},
    _c?: Control | Control[],
  ): AsyncGenerator<SearchResult> {
    const wanted = (options.attributes ?? []).find((a) => a.startsWith("member"));
    const entry: Entry = { dn: "CN=Big,OU=Groups,DC=corp,DC=example", objectGUID: GUID, uSNChanged: "4711" };
    if (wanted !== undefined) {
      this.asked.push(wanted);
      const start = Number(/range=(\d+)-/.exec(wanted)?.[1] ?? 0);
      const end = Math.min(start + 1500, this.members.length);
      const last = end === this.members.length;
      entry[`member;range=${start}-${last ? "*" : String(end - 1)}`] = this.members.slice(start, end);
    }
    yield { searchEntries: [entry], searchReferences: [] };
  }
}

describe("scope groups: ranged retrieval of member", () => {
  it("reads every member of a group larger than 1,500 in ranges, as Windows AD serves them", async () => {
    const members = Array.from({ length: 3700 }, (_, i) => `CN=User ${i},OU=Staff,DC=corp,DC=example`);
    const client = new StrictRangedGroup(members);
    const group = await readGroup(client, "<GUID=672af4d1-9e8d-4562-8d3e-1d76bc47041d>", 10);
    expect(client.asked).toEqual(["member;range=0-*", "member;range=1500-*", "member;range=3000-*"]);
    expect(group?.members).toEqual(members);
    expect(group).toMatchObject({ guid: "672af4d1-9e8d-4562-8d3e-1d76bc47041d", usn: 4711 });
  });

  it("reads a group of exactly 1,500 members in one range", async () => {
    const members = Array.from({ length: 1500 }, (_, i) => `CN=User ${i},DC=corp,DC=example`);
    const client = new StrictRangedGroup(members);
    expect((await readGroup(client, "CN=Big", 10))?.members).toHaveLength(1500);
    expect(client.asked).toEqual(["member;range=0-*"]);
  });
});
