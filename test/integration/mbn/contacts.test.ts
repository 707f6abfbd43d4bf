import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toInput } from "../../../src/model/contact.js";
import {
  MbnApiError,
  isConflict,
  isGone,
  isNotFound,
  isPreconditionFailed,
  isTombstone,
} from "../../../src/mbn/index.js";
import type { MbnClient } from "../../../src/mbn/index.js";
import { startSimulator } from "../../../src/simulator/index.js";
import type { RunningSimulator } from "../../../src/simulator/index.js";
import { person } from "../../helpers/person.js";
import { SIM_AUTH, client, closeClients } from "./helpers.js";

let sim: RunningSimulator;
let mbn: MbnClient;

beforeAll(async () => {
  sim = await startSimulator(SIM_AUTH);
  mbn = client(sim.url);
});

afterAll(async () => {
  await closeClients();
  await sim.close();
});

async function rejection(p: Promise<unknown>): Promise<MbnApiError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(MbnApiError);
    return err as MbnApiError;
  }
  throw new Error("expected a rejection");
}

describe("MBN client: contacts", () => {
  it("pages through 2,500 contacts with limit 1000", async () => {
    const own = await startSimulator(SIM_AUTH);
    try {
      const seeded = own.seed(
        "E1001",
        Array.from({ length: 2500 }, (_, i) => person(i)),
      );
      const c = client(own.url, { enterpriseId: "E1001" });
      const all = await c.listContacts();
      expect(all).toHaveLength(2500);
      expect(all.map((x) => x.id).sort()).toEqual(seeded.map((x) => x.id).sort());
      expect(all).toEqual(own.contacts("E1001"));
      expect(own.stats().byRoute["GET /contacts"]).toBe(3);
    } finally {
      await own.close();
    }
  });

  it("follows the changes feed over pages, with tombstones", async () => {
    const own = await startSimulator(SIM_AUTH);
    try {
      const since = new Date(Date.now() - 1000).toISOString();
      const seeded = own.seed(
        "E1001",
        Array.from({ length: 1200 }, (_, i) => person(i)),
      );
      const c = client(own.url);
      const gone = seeded.slice(0, 3);
      for (const x of gone) await c.deleteContact(x.id);
      const edited = seeded[10]!;
      await c.updateContact(edited.id, { ...toInput(edited), title: "Boss" }, edited.version);

      const { changes, serverTime } = await c.listChanges(since);
      expect(changes).toHaveLength(1200);
      expect(own.stats().byRoute["GET /contacts/changes"]).toBe(2);
      const tombstones = changes.filter(isTombstone);
      expect(tombstones.map((t) => t.id).sort()).toEqual(gone.map((x) => x.id).sort());
      expect(tombstones.every((t) => t.modified > since)).toBe(true);
      const last = changes.at(-1)!;
      expect(last.id).toBe(edited.id);
      expect(!isTombstone(last) && last.title).toBe("Boss");
      const stamps = changes.map((x) => x.modified);
      expect(stamps).toEqual([...stamps].sort());
      expect(Date.parse(serverTime)).toBeGreaterThanOrEqual(Date.parse(last.modified));
      // Nothing after the last change read: the next run starts from its `modified`.
      expect((await c.listChanges(last.modified)).changes).toEqual([]);
    } finally {
      await own.close();
    }
  });

  it("a since older than the tombstones kept is a typed 410", async () => {
    const e = await rejection(mbn.listChanges("2020-01-01T00:00:00.000Z"));
    expect(isGone(e)).toBe(true);
    expect(e.code).toBe(41001);
  });

  it("creates, reads, replaces and deletes a contact", async () => {
    const input = person(9001, {
      notes: "typed by hand",
      address: { street: "Gate 1", postalCode: "0150", city: "Oslo", country: "NO" },
    });
    const created = await mbn.createContact(input);
    expect(created.version).toBe(1);
    expect(toInput(created)).toEqual(input);
    expect(await mbn.getContact(created.id)).toEqual(created);

    const updated = await mbn.updateContact(created.id, { ...input, title: "CTO" }, created.version);
    expect(updated.version).toBe(2);
    expect(updated.title).toBe("CTO");
    expect(updated.notes).toBe("typed by hand");

    await mbn.deleteContact(created.id, updated.version);
    expect(await mbn.getContact(created.id)).toBeNull();
    expect(sim.contacts().some((x) => x.id === created.id)).toBe(false);
  });

  it("sends only contract fields, even when handed a stored contact", async () => {
    const created = await mbn.createContact(person(9002));
    const again = await mbn.updateContact(created.id, { ...created, firstName: "Renamed" });
    expect(again.firstName).toBe("Renamed");
    expect(again.id).toBe(created.id);
  });

  it("a taken externalId is a 409 that carries the existing id", async () => {
    const first = await mbn.createContact(person(9003));
    const e = await rejection(mbn.createContact(person(9003, { firstName: "Other" })));
    expect(isConflict(e)).toBe(true);
    expect(e.status).toBe(409);
    expect(e.code).toBe(40901);
    expect(e.existingId).toBe(first.id);
    expect(e.method).toBe("POST");
    expect(e.path).toBe("/catalog/enterprises/E1001/contacts");
    // The writer recovers a 409 on create; one that escapes is MBN refusing the request, not a bug.
    expect(e.exitCode).toBe(69);
  });

  it("a stale If-Match is a typed 412, for PUT and DELETE", async () => {
    const c = await mbn.createContact(person(9004));
    await mbn.updateContact(c.id, { ...toInput(c), title: "moved on" }, 1);
    const put = await rejection(mbn.updateContact(c.id, toInput(c), 1));
    expect(isPreconditionFailed(put)).toBe(true);
    expect(put.code).toBe(41201);
    const del = await rejection(mbn.deleteContact(c.id, 1));
    expect(isPreconditionFailed(del)).toBe(true);
    expect((await mbn.getContact(c.id))?.version).toBe(2);
  });

  it("404: get gives null, update and delete give a typed error", async () => {
    expect(await mbn.getContact("no-such-id")).toBeNull();
    expect(isNotFound(await rejection(mbn.deleteContact("no-such-id")))).toBe(true);
    expect(isNotFound(await rejection(mbn.updateContact("no-such-id", person(9005))))).toBe(true);
  });

  it("a 400 lists the field errors", async () => {
    const e = await rejection(mbn.createContact(person(9006, { email: "not-an-address" })));
    expect(e.status).toBe(400);
    expect(e.fieldErrors.map((f) => f.field)).toContain("email");
    expect(e.message).toContain("email");
  });
});
