import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../../src/simulator/index.js";
import { createMbnClient, type MbnClient } from "../../../src/mbn/index.js";
import { mbnContactWriter, WriteSkipped } from "../../../src/write/index.js";
import { makePlan, type CreateEntry, type DeleteEntry, type UpdateEntry } from "../../../src/plan/index.js";
import { MANAGEABLE_FIELDS, emptyContactInput, toInput, type Contact } from "../../../src/model/contact.js";
import type { DesiredContact } from "../../../src/model/desired.js";

const E = "E1001";
const managedFields = MANAGEABLE_FIELDS.filter((f) => f !== "notes");
let sim: RunningSimulator;
let client: MbnClient;
let next = 0;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  client = createMbnClient({
    baseUrl: sim.url,
    clientId: "demo-client",
    clientSecret: "demo-secret",
    username: "api-user-1",
    password: "demo-password",
    requestsPerSecond: 500,
  });
});

afterAll(async () => {
  await client.close();
  await sim.close();
});

/** A contact synced earlier, and the user it comes from (whose title is now `title`). */
function synced(title: string): { stored: Contact; desired: DesiredContact } {
  const n = ++next;
  const externalId = `ad:00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
  const [stored] = sim.seed(E, [
    { ...emptyContactInput(), externalId, firstName: `Ola${n}`, title: "Konsulent" },
  ]);
  if (!stored) throw new Error("seed failed");
  return { stored, desired: { externalId, source: `ola${n}`, fields: { firstName: `Ola${n}`, title } } };
}

function planFor(desired: DesiredContact[], contacts: Contact[]) {
  const plan = makePlan({
    desired,
    contacts,
    managedFields,
    options: { prefix: "ad:", deletes: "delete" },
  });
  return plan.entries;
}

async function handEdit(contact: Contact, change: Partial<Contact>): Promise<Contact> {
  return client.updateContact(contact.id, { ...toInput(contact), ...change });
}

describe("the MBN contact writer", () => {
  it("re-plans an update against a contact changed since it was read (412), keeping what was typed meanwhile", async () => {
    const { stored, desired } = synced("Seniorkonsulent");
    const [entry] = planFor([desired], [stored]) as UpdateEntry[];
    await handEdit(stored, { notes: "typed in MBN" });

    const written = await mbnContactWriter(client, { managedFields, onStale: "replan" }).update(entry!);
    expect(written.outcome).toBe("written");
    expect(written.contact).toMatchObject({
      id: stored.id,
      title: "Seniorkonsulent",
      notes: "typed in MBN",
      version: 3,
    });
    // the write was made against the version read again, which the audit log records as "before"
    expect(written.basis).toMatchObject({ title: "Konsulent", notes: "typed in MBN" });
  });

  it("skips, never overwrites, a stale update of a saved plan", async () => {
    const { stored, desired } = synced("Seniorkonsulent");
    const [entry] = planFor([desired], [stored]) as UpdateEntry[];
    await handEdit(stored, { title: "Sjef" });

    const writer = mbnContactWriter(client, { managedFields, onStale: "skip" });
    const error = await writer.update(entry!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteSkipped);
    expect(error).toMatchObject({ status: 412, code: 41201 });
    expect(sim.contacts(E).find((c) => c.id === stored.id)?.title).toBe("Sjef");
  });

  it("creates again a contact deleted by hand since it was read, unless the plan was saved", async () => {
    const { stored, desired } = synced("Seniorkonsulent");
    const [entry] = planFor([desired], [stored]) as UpdateEntry[];
    await client.deleteContact(stored.id);

    await expect(
      mbnContactWriter(client, { managedFields, onStale: "skip" }).update(entry!),
    ).rejects.toBeInstanceOf(WriteSkipped);
    const written = await mbnContactWriter(client, { managedFields, onStale: "replan" }).update(entry!);
    expect(written.outcome).toBe("written");
    expect(written.basis).toBeNull();
    expect(written.contact.id).not.toBe(stored.id);
    expect(written.contact).toMatchObject({ externalId: desired.externalId, title: "Seniorkonsulent" });
  });

  it("turns a create whose contact exists already with other values (409) into an update of it", async () => {
    const { stored, desired } = synced("Seniorkonsulent");
    const [entry] = planFor([desired], []) as CreateEntry[];
    expect(entry?.action).toBe("create");

    const written = await mbnContactWriter(client, { managedFields, onStale: "replan" }).create(entry!);
    expect(written.outcome).toBe("written");
    expect(written.contact).toMatchObject({ id: stored.id, title: "Seniorkonsulent", version: 2 });
    expect(written.basis).toMatchObject({ title: "Konsulent" });
    expect(sim.contacts(E).filter((c) => c.externalId === desired.externalId)).toHaveLength(1);
  });

  it("answers a second POST of the same contact (409) as already present: nothing written", async () => {
    const externalId = "ad:00000000-0000-4000-8000-0000000000fe";
    const [entry] = planFor(
      [{ externalId, source: "twice", fields: { firstName: "Twice" } }],
      [],
    ) as CreateEntry[];
    const writer = mbnContactWriter(client, { managedFields, onStale: "replan" });
    const first = await writer.create(entry!);
    expect(first.outcome).toBe("written");
    const puts = sim.stats().byRoute["PUT /contacts/:id"] ?? 0;

    const second = await writer.create(entry!);
    expect(second.outcome).toBe("already-present");
    expect(second.contact).toMatchObject({ id: first.contact.id, version: 1 });
    expect(sim.stats().byRoute["PUT /contacts/:id"] ?? 0).toBe(puts);
    expect(sim.contacts(E).filter((c) => c.externalId === externalId)).toHaveLength(1);
  });

  it("recovers a create whose answer was lost: the retry's 409 names our own contact, which is returned as is", async () => {
    const externalId = "ad:00000000-0000-4000-8000-0000000000ff";
    const desired: DesiredContact = {
      externalId,
      source: "lost",
      fields: { firstName: "Lost", title: "Answer" },
    };
    const [entry] = planFor([desired], []) as CreateEntry[];
    const posts = (): number => sim.stats().byRoute["POST /contacts"] ?? 0;
    const puts = (): number => sim.stats().byRoute["PUT /contacts/:id"] ?? 0;
    const [postsBefore, putsBefore] = [posts(), puts()];
    sim.setFaults({ lostPostRate: 1 });
    try {
      const written = await mbnContactWriter(client, { managedFields, onStale: "replan" }).create(entry!);
      // our own create, found again: reported and audited as already present, never as created
      expect(written.outcome).toBe("already-present");
      expect(written.contact).toMatchObject({ externalId, firstName: "Lost", title: "Answer", version: 1 });
    } finally {
      sim.setFaults({});
    }
    expect(sim.contacts(E).filter((c) => c.externalId === externalId)).toHaveLength(1);
    // the lost POST, then the retry that met the 409; no update was needed
    expect(posts() - postsBefore).toBe(2);
    expect(puts() - putsBefore).toBe(0);
  });

  it("deletes the fresh version of a contact changed since it was read, and accepts one already gone", async () => {
    const gone = synced("x");
    const changed = synced("x");
    const entries = planFor([], [gone.stored, changed.stored]).filter(
      (e): e is DeleteEntry => e.action === "delete",
    );
    const byId = new Map(entries.map((e) => [e.contactId, e]));
    await client.deleteContact(gone.stored.id);
    await handEdit(changed.stored, { notes: "typed in MBN" });

    const writer = mbnContactWriter(client, { managedFields, onStale: "replan" });
    expect(await writer.delete(byId.get(gone.stored.id)!)).toBe("already-gone");
    expect(await writer.delete(byId.get(changed.stored.id)!)).toBe("written");
    expect(sim.contacts(E).some((c) => c.id === changed.stored.id || c.id === gone.stored.id)).toBe(false);
  });

  it("does not delete a contact that no longer carries the key it was planned for", async () => {
    const { stored } = synced("x");
    const [entry] = planFor([], [stored]) as DeleteEntry[];
    await handEdit(stored, { externalId: null });

    const writer = mbnContactWriter(client, { managedFields, onStale: "replan" });
    await expect(writer.delete(entry!)).rejects.toThrow(/no longer carries/);
    expect(sim.contacts(E).some((c) => c.id === stored.id)).toBe(true);
  });
});
