/**
 * ldapts 8.2 stops paging at a page with no entries, even when its cookie says more follow (see
 * src/source/ldap/paging-watch.ts). Samba never sends such a page, so a small LDAP server here
 * does, and the real ldapts Client reads from it.
 */
import { createServer, type Server, type Socket } from "node:net";
import { BerWriter, Client } from "ldapts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UnavailableError } from "../../../src/model/errors.js";
import { guidToBytes } from "../../../src/model/guid.js";
import { createLdapSource, type LdapSourceOptions } from "../../../src/source/ldap/index.js";
import { watchPagingCookies } from "../../../src/source/ldap/paging-watch.js";

const PAGED_RESULTS = "1.2.840.113556.1.4.319";
const BASE = "OU=Staff,DC=corp,DC=example";

/** What the server answers to the n-th search request of a connection: entry numbers and the cookie. */
type Script = { entries: number[]; cookie: string }[];

function ldapMessage(id: number, body: (w: BerWriter) => unknown, control?: Buffer): Buffer {
  const w = new BerWriter();
  w.startSequence();
  w.writeInt(id);
  body(w);
  if (control) {
    w.startSequence(0xa0);
    w.startSequence();
    w.writeString(PAGED_RESULTS);
    w.writeBuffer(control, 0x04);
    w.endSequence();
    w.endSequence();
  }
  w.endSequence();
  return w.buffer;
}

function result(w: BerWriter, tag: number): BerWriter {
  w.startSequence(tag);
  w.writeEnumeration(0);
  w.writeString("");
  w.writeString("");
  w.endSequence();
  return w;
}

function entry(w: BerWriter, n: number): BerWriter {
  const attributes: [string, Buffer][] = [
    ["objectGUID", guidToBytes(`00000000-0000-4000-8000-${String(n).padStart(12, "0")}`)],
    ["sAMAccountName", Buffer.from(`user${n}`)],
    ["userAccountControl", Buffer.from("512")],
  ];
  w.startSequence(0x64);
  w.writeString(`CN=User ${n},${BASE}`);
  w.startSequence();
  for (const [name, value] of attributes) {
    w.startSequence();
    w.writeString(name);
    w.startSequence(0x31);
    w.writeBuffer(value, 0x04);
    w.endSequence();
    w.endSequence();
  }
  w.endSequence();
  w.endSequence();
  return w;
}

function pagedValue(cookie: string): Buffer {
  const w = new BerWriter();
  w.startSequence();
  w.writeInt(0);
  if (cookie) w.writeBuffer(Buffer.from(cookie), 0x04);
  else w.writeString("");
  w.endSequence();
  return w.buffer;
}

/** Length of the BER element at the start of data (tag, length, content), or undefined when incomplete. */
function elementLength(data: Buffer): number | undefined {
  if (data.length < 2) return undefined;
  const first = data[1] ?? 0;
  if (first < 0x80) return 2 + first;
  const count = first & 0x7f;
  if (data.length < 2 + count) return undefined;
  return 2 + count + data.readUIntBE(2, count);
}

function serve(socket: Socket, script: Script): void {
  let pending = Buffer.alloc(0);
  let searches = 0;
  socket.on("data", (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    for (let size = elementLength(pending); size !== undefined && pending.length >= size;) {
      const message = pending.subarray(0, size);
      pending = pending.subarray(size);
      size = elementLength(pending);
      // SEQUENCE { INTEGER messageID, [APPLICATION n] protocolOp, … }
      const lengthByte = message[1] ?? 0;
      const header = lengthByte < 0x80 ? 2 : 2 + (lengthByte & 0x7f);
      const idLength = message[header + 1] ?? 1;
      const idStart = header + 2;
      const id = message.readUIntBE(idStart, idLength);
      const op = message[idStart + idLength];
      if (op === 0x60) {
        socket.write(ldapMessage(id, (w) => result(w, 0x61)));
      } else if (op === 0x42) {
        socket.end();
      } else if (op === 0x63) {
        const page = script[searches++] ?? { entries: [], cookie: "" };
        for (const n of page.entries) socket.write(ldapMessage(id, (w) => entry(w, n)));
        socket.write(ldapMessage(id, (w) => result(w, 0x65), pagedValue(page.cookie)));
      }
    }
  });
}

describe("LDAP source: a page with no entries but a cookie (the ldapts 8.2 paging gap)", () => {
  let server: Server;
  let script: Script = [];
  let url = "";

  beforeAll(async () => {
    server = createServer((socket) => {
      serve(socket, script);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    url = `ldap://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const read = (overrides: Partial<LdapSourceOptions> = {}) =>
    createLdapSource({
      urls: [url],
      startTls: false,
      allowPlaintextBind: true, // a test server on loopback, without TLS
      bindDn: "svc@corp.example",
      bindPassword: "test-only",
      tls: {},
      baseDns: [BASE],
      filter: "(&(objectCategory=person)(objectClass=user))",
      memberOf: [],
      disabledAccounts: "exclude",
      pageSize: 2,
      timeouts: { connectMs: 2000, operationMs: 2000, totalMs: 5000 },
      ...overrides,
    }).read({ attributes: [] });

  it("reads every page when each has entries (the server and ldapts agree)", async () => {
    script = [
      { entries: [1, 2], cookie: "p2" },
      { entries: [3, 4], cookie: "p3" },
      { entries: [5], cookie: "" },
    ];
    const outcome = await read();
    expect(outcome.users.map((u) => u.attributes["samaccountname"]?.[0])).toEqual([
      "user1",
      "user2",
      "user3",
      "user4",
      "user5",
    ]);
  });

  it("accepts an empty last page whose cookie is empty (a result of an exact multiple of the page size)", async () => {
    script = [
      { entries: [1, 2], cookie: "p2" },
      { entries: [], cookie: "" },
    ];
    const outcome = await read();
    expect(outcome.users).toHaveLength(2);
  });

  it("fails the read when an empty page still carries a cookie, instead of returning the first pages", async () => {
    script = [
      { entries: [1, 2], cookie: "p2" },
      { entries: [], cookie: "p3" },
      { entries: [3, 4], cookie: "" },
    ];
    const error = await read().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnavailableError);
    expect((error as Error).message).toMatch(
      /reading past page 2 of OU=Staff,DC=corp,DC=example failed.*no entries but a cookie/s,
    );
    expect((error as Error).message).toContain(url);
    expect((error as Error).message).not.toContain("test-only");
  });

  it("attaches to the installed ldapts Client (an upgrade that hides its message parser fails here)", () => {
    const watch = watchPagingCookies(new Client({ url: "ldap://127.0.0.1:1" }));
    expect(watch).toBeDefined();
    expect(watch?.lastCookieLength()).toBe(0);
    watch?.stop();
  });
});
