import { describe, expect, it } from "vitest";
import type { Contact } from "../../../src/model/contact.js";
import { ENTERPRISE, call, kari, useSimulator } from "./client.js";
import type { ListBody } from "./client.js";

const held = useSimulator();
const input = kari;

describe("contact CRUD", () => {
  it("creates with 201, Location and version 1; reads it back with every field", async () => {
    const created = await call<Contact>(held.sim, held.token, "POST", `${ENTERPRISE}/contacts`, {
      body: {
        externalId: "ad:crud-1",
        displayName: "Kari Nordmann",
        phoneNumbers: [{ type: "mobile", number: "+4791234567" }],
        address: { city: "Oslo", country: "NO" },
        favouriteColour: "blue",
      },
    });
    expect(created.status).toBe(201);
    const contact = created.body;
    expect(typeof contact.id).toBe("string");
    expect(contact.version).toBe(1);
    expect(contact.modified).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(created.headers.get("location")).toBe(`${ENTERPRISE}/contacts/${contact.id}`);
    expect(contact).not.toHaveProperty("favouriteColour");

    const read = await call<Contact>(held.sim, held.token, "GET", created.headers.get("location")!);
    expect(read.status).toBe(200);
    expect(read.body).toEqual({
      id: contact.id,
      externalId: "ad:crud-1",
      firstName: null,
      lastName: null,
      displayName: "Kari Nordmann",
      company: null,
      department: null,
      title: null,
      email: null,
      phoneNumbers: [{ type: "mobile", number: "+4791234567" }],
      address: { street: null, postalCode: null, city: "Oslo", country: "NO" },
      notes: null,
      version: 1,
      modified: contact.modified,
    });
  });

  it("answers 404 40401 for a contact that does not exist", async () => {
    for (const method of ["GET", "PUT", "DELETE"]) {
      const answer = await call(held.sim, held.token, method, `${ENTERPRISE}/contacts/c_missing`, {
        ...(method === "PUT" ? { body: input() } : {}),
      });
      expect(answer.status).toBe(404);
      expect(answer.body.code).toBe(40401);
    }
  });

  it("PUT replaces the whole contact: fields left out become null or empty; version +1, modified later", async () => {
    const created = (
      await call<Contact>(held.sim, held.token, "POST", `${ENTERPRISE}/contacts`, {
        body: input({ externalId: "ad:put-1", notes: "typed by hand", email: "kari@example.no" }),
      })
    ).body;
    const put = await call<Contact>(held.sim, held.token, "PUT", `${ENTERPRISE}/contacts/${created.id}`, {
      body: { externalId: "ad:put-1", firstName: "Kari" },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      firstName: "Kari",
      lastName: null,
      notes: null,
      email: null,
      phoneNumbers: [],
    });
    expect(put.body.version).toBe(2);
    expect(put.body.modified > created.modified).toBe(true);
    expect(put.headers.get("etag")).toBe('"2"');
  });

  it("honours If-Match on PUT and DELETE: 412 41201 on a stale version", async () => {
    const created = (
      await call<Contact>(held.sim, held.token, "POST", `${ENTERPRISE}/contacts`, {
        body: input({ externalId: "ad:ifmatch" }),
      })
    ).body;
    const path = `${ENTERPRISE}/contacts/${created.id}`;
    const stale = await call(held.sim, held.token, "PUT", path, {
      body: input(),
      headers: { "if-match": '"7"' },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe(41201);
    const fresh = await call(held.sim, held.token, "PUT", path, {
      body: input({ title: "CTO" }),
      headers: { "if-match": '"1"' },
    });
    expect(fresh.status).toBe(200);
    const staleDelete = await call(held.sim, held.token, "DELETE", path, { headers: { "if-match": '"1"' } });
    expect(staleDelete.status).toBe(412);
    const deleted = await call(held.sim, held.token, "DELETE", path, { headers: { "if-match": '"2"' } });
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBe("");
    expect((await call(held.sim, held.token, "GET", path)).status).toBe(404);
    expect((await call(held.sim, held.token, "DELETE", path)).status).toBe(404);
  });

  it("answers 409 40901 with existingId when an externalId is taken, on POST and PUT", async () => {
    const first = (
      await call<Contact>(held.sim, held.token, "POST", `${ENTERPRISE}/contacts`, {
        body: input({ externalId: "ad:dup" }),
      })
    ).body;
    const again = await call(held.sim, held.token, "POST", `${ENTERPRISE}/contacts`, {
      body: input({ externalId: "ad:dup" }),
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 40901, existingId: first.id });

    const other = (
      await call<Contact>(held.sim, held.token, "POST", `${ENTERPRISE}/contacts`, {
        body: input({ externalId: "ad:other" }),
      })
    ).body;
    const put = await call(held.sim, held.token, "PUT", `${ENTERPRISE}/contacts/${other.id}`, {
      body: input({ externalId: "ad:dup" }),
    });
    expect(put.status).toBe(409);
    expect(put.body.existingId).toBe(first.id);
    // Keeping its own externalId is no conflict.
    const own = await call(held.sim, held.token, "PUT", `${ENTERPRISE}/contacts/${first.id}`, {
      body: input({ externalId: "ad:dup" }),
    });
    expect(own.status).toBe(200);
  });

  it("assigns modified strictly increasing across the server", async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call<Contact>(held.sim, held.token, "POST", `${ENTERPRISE}/contacts`, {
          body: input({ displayName: `Burst ${i}` }),
        }),
      ),
    );
    const stamps = answers.map((a) => a.body.modified).sort();
    expect(new Set(stamps).size).toBe(stamps.length);
  });
});

describe("GET /contacts", () => {
  it("pages every live contact in id order, following nextCursor to null", async () => {
    const all = held.sim.contacts("E1001");
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor === null ? "limit=7" : `limit=7&cursor=${encodeURIComponent(cursor)}`;
      const page = await call<ListBody>(held.sim, held.token, "GET", `${ENTERPRISE}/contacts?${query}`);
      expect(page.status).toBe(200);
      expect(page.body.contacts.length).toBeLessThanOrEqual(7);
      seen.push(...page.body.contacts.map((c) => c.id));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor !== null);
    expect(all.length).toBeGreaterThan(20);
    expect(pages).toBe(Math.ceil(all.length / 7));
    expect(seen).toEqual(all.map((c) => c.id));
    expect([...seen].sort()).toEqual(seen);
  });

  it("defaults to 100 and refuses a limit outside 1..1000 or a forged cursor", async () => {
    const page = await call<ListBody>(held.sim, held.token, "GET", `${ENTERPRISE}/contacts`);
    expect(page.body.contacts.length).toBe(Math.min(100, held.sim.contacts().length));
    for (const query of ["limit=0", "limit=1001", "limit=ten", "cursor=garbage"]) {
      const answer = await call(held.sim, held.token, "GET", `${ENTERPRISE}/contacts?${query}`);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe(40001);
    }
  });
});

describe("seed", () => {
  it("inserts contacts directly and refuses invalid ones with a clear error", () => {
    const [seeded] = held.sim.seed("E1001", [
      input({ externalId: null, displayName: "Hand Typed", notes: "desk 4" }),
    ]);
    expect(seeded).toMatchObject({ version: 1, notes: "desk 4" });
    expect(held.sim.contacts("E1001").some((c) => c.id === seeded!.id)).toBe(true);
    expect(() => held.sim.seed("E1001", [input({ email: "nope" })])).toThrow(/email/);
    expect(() => held.sim.seed("E404", [input()])).toThrow(/E404/);
  });
});
