import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { OVERLAP_MS, refreshMirror } from "../../../src/engine/mirror-refresh.js";
import { mirrorAfterWrites } from "../../../src/engine/mirror-writes.js";
import type { RefreshInput, RefreshResult } from "../../../src/engine/mirror-refresh.js";
import type { MbnClient } from "../../../src/mbn/index.js";
import type { Contact } from "../../../src/model/contact.js";
import type { PlanEntry } from "../../../src/plan/index.js";
import type { WriteResult } from "../../../src/write/index.js";
import { toInput } from "../../../src/model/contact.js";
import { startSimulator } from "../../../src/simulator/index.js";
import type { RunningSimulator, SimulatorOptions } from "../../../src/simulator/index.js";
import type { SyncState } from "../../../src/state/index.js";
import { readState, writeState } from "../../../src/state/index.js";
import { demoClient } from "../../helpers/demo-client.js";
import { person } from "../../helpers/person.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";

const E = "E1001";
const MINUTE = 60_000;
const DAY = 86_400_000;

/** The simulator's clock, moved by the tests, so that `modified` and the watermark are predictable. */
class Clock {
  ms = Date.parse("2026-11-26T08:00:00.000Z");
  date = (): Date => new Date(this.ms);
  advance(ms: number): Date {
    this.ms += ms;
    return this.date();
  }
}
let clock = new Clock();

const sims: RunningSimulator[] = [];
const clients: MbnClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(sims.splice(0).map((s) => s.close()));
});
afterAll(removeTempDirs);

/** A simulator on a fresh clock, seeded with `count` contacts ten minutes ago. */
async function simulator(count: number, options: SimulatorOptions = {}): Promise<RunningSimulator> {
  clock = new Clock();
  const sim = await startSimulator({ port: 0, now: clock.date, ...options });
  sims.push(sim);
  sim.seed(
    E,
    Array.from({ length: count }, (_, i) => person(i + 1)),
  );
  clock.advance(10 * MINUTE);
  return sim;
}

function client(sim: RunningSimulator): MbnClient {
  const c = demoClient(sim.url, { enterpriseId: E, requestsPerSecond: 1000 });
  clients.push(c);
  return c;
}

function input(
  sim: RunningSimulator,
  previous: SyncState | null,
  extra: Partial<RefreshInput> = {},
): RefreshInput {
  return {
    previous,
    baseUrl: sim.url,
    enterpriseId: E,
    full: false,
    fullResyncAfterDays: 7,
    now: clock.date(),
    ...extra,
  };
}

function toState(sim: RunningSimulator, r: RefreshResult, contacts: Contact[] = r.contacts): SyncState {
  return {
    format: 2,
    baseUrl: sim.url,
    enterpriseId: E,
    watermark: r.watermark,
    lastFullReadAt: r.lastFullReadAt,
    contacts,
    lastRun: null,
  };
}

/** A full read, as the first run does, returned as the state it would save. */
async function firstRun(sim: RunningSimulator, now = clock.date()): Promise<SyncState> {
  const r = await refreshMirror(client(sim), input(sim, null, { now }));
  return toState(sim, r);
}

describe("refreshMirror against the simulator", () => {
  it("reads everything on the first run, then only the feed while idle", async () => {
    const sim = await simulator(250);
    const first = await refreshMirror(client(sim), input(sim, null));
    expect(first).toMatchObject({ fullRead: true, reason: "no state", changesRead: 0 });
    expect(first.contacts).toEqual(sim.contacts(E));
    expect(first.lastFullReadAt).not.toBeNull();
    expect(sim.stats().byRoute["GET /contacts"]).toBeGreaterThanOrEqual(1);

    // Through the disk, as the next run would see it.
    const file = join(await tempDir(), "state.json");
    await writeState(file, toState(sim, first));
    const { state } = await readState(file);

    clock.advance(15 * MINUTE);
    sim.resetStats();
    const idle = await refreshMirror(client(sim), input(sim, state));
    const stats = sim.stats();
    console.info(
      `idle refresh (new client, 250 contacts): ${stats.requests} requests ${JSON.stringify(stats.byRoute)}`,
    );
    expect(idle).toMatchObject({
      fullRead: false,
      reason: "incremental",
      lastFullReadAt: first.lastFullReadAt,
    });
    expect(idle.contacts).toEqual(sim.contacts(E));
    expect(stats.byRoute["GET /contacts"]).toBeUndefined();
    expect(stats.byRoute["GET /contacts/changes"]).toBe(1);
    expect(stats.requests).toBeLessThanOrEqual(2);
    // Nothing changed: the watermark moves up to the server's clock less the overlap, so the next
    // idle run does not re-read what this one saw.
    expect(idle.watermark).toBe(new Date(clock.ms - OVERLAP_MS).toISOString());
  });

  it("catches, on the next run, a change made while the full read was paging", async () => {
    const sim = await simulator(1500);
    const real = client(sim);
    const hand = client(sim);
    let touched: Contact | undefined;
    // The listing pages by id: contact 1 changes after its page was read, so the listing misses it.
    const source = {
      listChanges: (since: string) => real.listChanges(since),
      listContacts: async () => {
        const listed = await real.listContacts();
        clock.advance(MINUTE);
        const first = listed[0];
        if (!first) throw new Error("seed failed");
        touched = await hand.updateContact(first.id, { ...toInput(first), title: "Changed mid-read" });
        clock.advance(3 * MINUTE);
        sim.seed(E, [person(5000)]);
        return listed;
      },
    };
    const r = await refreshMirror(source, input(sim, null));
    expect(r.contacts.find((c) => c.id === touched?.id)?.title).toBeNull();

    clock.advance(15 * MINUTE);
    const next = await refreshMirror(client(sim), input(sim, toState(sim, r)));
    expect(next.reason).toBe("incremental");
    expect(next.contacts.find((c) => c.id === touched?.id)).toEqual(touched);
    expect(next.contacts).toEqual(sim.contacts(E));
  });

  it("measures a full read and an idle refresh of 10,000 contacts", async () => {
    const sim = await simulator(10_000);
    let t0 = performance.now();
    const first = await refreshMirror(client(sim), input(sim, null));
    const fullMs = performance.now() - t0;
    const fullRequests = sim.stats().requests;
    expect(first.contacts).toHaveLength(10_000);

    clock.advance(15 * MINUTE);
    sim.resetStats();
    t0 = performance.now();
    const idle = await refreshMirror(client(sim), input(sim, toState(sim, first)));
    const idleMs = performance.now() - t0;
    const idleStats = sim.stats();
    console.info(
      `10,000 contacts: full read ${fullMs.toFixed(0)} ms in ${fullRequests} requests; ` +
        `idle refresh ${idleMs.toFixed(0)} ms in ${idleStats.requests} requests ${JSON.stringify(idleStats.byRoute)}`,
    );
    expect(idle.reason).toBe("incremental");
    expect(idle.contacts).toEqual(first.contacts);
    expect(idleStats.byRoute["GET /contacts"]).toBeUndefined();
    expect(idleStats.requests).toBeLessThanOrEqual(2);
  });

  it("applies changes and tombstones made by hand since the last run", async () => {
    const sim = await simulator(20);
    const state = await firstRun(sim);
    clock.advance(10 * MINUTE);
    const hand = client(sim);
    const [a, b] = sim.contacts(E);
    if (!a || !b) throw new Error("seed failed");
    await hand.updateContact(a.id, { ...toInput(a), notes: "edited in MBN admin" });
    await hand.deleteContact(b.id);
    const [added] = sim.seed(E, [person(99)]);
    clock.advance(5 * MINUTE);

    sim.resetStats();
    const r = await refreshMirror(client(sim), input(sim, state));
    expect(r).toMatchObject({ fullRead: false, reason: "incremental" });
    expect(sim.stats().byRoute["GET /contacts"]).toBeUndefined();
    expect(r.changesRead).toBe(3);
    expect(r.contacts).toEqual(sim.contacts(E));
    expect(r.contacts.find((c) => c.id === a.id)).toMatchObject({ notes: "edited in MBN admin", version: 2 });
    expect(r.contacts.some((c) => c.id === b.id)).toBe(false);
    expect(r.contacts.some((c) => c.id === added?.id)).toBe(true);
    // The watermark moved to the last change read.
    const newest = sim.contacts(E).reduce((m, c) => (c.modified > m ? c.modified : m), "");
    expect(r.watermark && r.watermark >= newest).toBe(true);

    // A run soon after reads the overlap again: seeing the same changes twice changes nothing.
    clock.advance(MINUTE);
    const again = await refreshMirror(client(sim), input(sim, toState(sim, r)));
    expect(again.contacts).toEqual(sim.contacts(E));
    expect(again.watermark! >= r.watermark!).toBe(true);

    // Once the overlap has passed, an idle run reads nothing of that burst again.
    clock.advance(15 * MINUTE);
    const later = await refreshMirror(client(sim), input(sim, toState(sim, again)));
    expect(later.changesRead).toBe(0);
    expect(later.contacts).toEqual(sim.contacts(E));
  });

  it("falls back to a full read when the feed answers 410", async () => {
    const sim = await simulator(30);
    const state = await firstRun(sim);
    clock.advance(31 * DAY);
    const [gone] = sim.contacts(E);
    if (!gone) throw new Error("seed failed");
    await client(sim).deleteContact(gone.id);

    sim.resetStats();
    const now = clock.date();
    const r = await refreshMirror(client(sim), input(sim, state, { now, fullResyncAfterDays: 365 }));
    expect(r).toMatchObject({
      fullRead: true,
      reason: "feed answered 410",
      lastFullReadAt: now.toISOString(),
    });
    expect(sim.stats().byStatus[410]).toBe(1);
    expect(sim.stats().byRoute["GET /contacts"]).toBe(1);
    expect(r.contacts).toEqual(sim.contacts(E));
    expect(r.contacts).toHaveLength(29);

    // The new watermark is recent, so the next run is incremental again.
    sim.resetStats();
    const next = await refreshMirror(
      client(sim),
      input(sim, toState(sim, r), { now, fullResyncAfterDays: 365 }),
    );
    expect(next).toMatchObject({ fullRead: false, reason: "incremental" });
    expect(sim.stats().byStatus[410]).toBeUndefined();
  });

  it("does not fall into a 410 on every run when nobody touched the directory for longer than the retention", async () => {
    const sim = await simulator(5);
    clock.advance(45 * DAY);
    const state = await firstRun(sim);
    clock.advance(15 * MINUTE);
    sim.resetStats();
    const r = await refreshMirror(client(sim), input(sim, state));
    expect(r).toMatchObject({ fullRead: false, reason: "incremental" });
    expect(sim.stats().byStatus[410]).toBeUndefined();
  });

  it("reads everything when the last full read is older than fullResyncAfterDays", async () => {
    const sim = await simulator(10);
    const state = await firstRun(sim);
    const now = clock.advance(15 * MINUTE);
    const old = { ...state, lastFullReadAt: new Date(now.getTime() - 8 * DAY).toISOString() };
    sim.resetStats();
    const r = await refreshMirror(client(sim), input(sim, old, { now }));
    expect(r).toMatchObject({
      fullRead: true,
      reason: "last full read older than 7 days",
      lastFullReadAt: now.toISOString(),
    });
    expect(sim.stats().byRoute["GET /contacts/changes"]).toBeUndefined();
    expect(r.contacts).toEqual(sim.contacts(E));

    const recent = { ...state, lastFullReadAt: new Date(now.getTime() - 6 * DAY).toISOString() };
    expect((await refreshMirror(client(sim), input(sim, recent, { now }))).reason).toBe("incremental");
  });

  it.each([
    ["enterprise changed", (s: SyncState) => ({ ...s, enterpriseId: "E9999", contacts: [] })],
    ["base URL changed", (s: SyncState) => ({ ...s, baseUrl: "https://other.example/api" })],
  ])("reads everything when the %s", async (reason, change) => {
    const sim = await simulator(10);
    const state = change(await firstRun(sim));
    sim.resetStats();
    const r = await refreshMirror(client(sim), input(sim, state));
    expect(r).toMatchObject({ fullRead: true, reason });
    expect(r.contacts).toEqual(sim.contacts(E));
  });

  it("reads everything on --full", async () => {
    const sim = await simulator(10);
    const r = await refreshMirror(client(sim), input(sim, await firstRun(sim), { full: true }));
    expect(r).toMatchObject({ fullRead: true, reason: "--full" });
  });

  it("reads everything when the watermark is later than the server's clock", async () => {
    const sim = await simulator(10);
    const state = await firstRun(sim);
    const future = { ...state, watermark: new Date(clock.ms + 3_600_000).toISOString() };
    const r = await refreshMirror(client(sim), input(sim, future));
    expect(r).toMatchObject({ fullRead: true, reason: "feed rejected the watermark" });
    expect(r.contacts).toEqual(sim.contacts(E));
  });

  it("recovers from a corrupt state file with a full read and no duplicates", async () => {
    const sim = await simulator(40);
    const file = join(await tempDir(), "state.json");
    await writeState(file, await firstRun(sim));
    await writeFile(file, '{"format":1,"contacts":[{"id":"c_');
    const { state, problem } = await readState(file);
    expect(state).toBeNull();
    const r = await refreshMirror(client(sim), input(sim, state, { previousProblem: problem }));
    expect(r.fullRead).toBe(true);
    expect(r.reason).toBe(`state unreadable: ${problem ?? ""}`);
    expect(r.reason).toContain(file);
    expect(r.contacts).toEqual(sim.contacts(E));
    expect(new Set(r.contacts.map((c) => c.id)).size).toBe(40);
  });
});

/** The result of one write of the contact `id` (null for a create), with MBN's answer when it had one. */
function written(action: PlanEntry["action"], id: string | null, contact?: Contact, ok = true): WriteResult {
  const common = { externalId: `ad:${id ?? "new"}`, input: person(0), changes: [] };
  const entry: PlanEntry =
    action === "create"
      ? { action, source: "u", ...common }
      : action === "update"
        ? { action, contactId: id ?? "", source: "u", baseVersion: 1, adopt: false, ...common }
        : { action, contactId: id ?? "", externalId: common.externalId, baseVersion: 1, before: person(0) };
  return { entry, status: ok ? "ok" : "failed", ...(contact ? { contact } : {}) };
}

describe("mirrorAfterWrites", () => {
  it("takes the answers of the run's writes, so the next run starts from the truth", async () => {
    const sim = await simulator(5);
    const first = await refreshMirror(client(sim), input(sim, null));
    const c = client(sim);
    const [u, d, f] = first.contacts;
    if (!u || !d || !f) throw new Error("seed failed");
    clock.advance(10 * MINUTE);
    const created = await c.createContact(person(50));
    const updated = await c.updateContact(u.id, { ...toInput(u), title: "Boss" }, u.version);
    await c.deleteContact(d.id, d.version);

    const mirror = mirrorAfterWrites(first.contacts, [
      written("create", null, created),
      written("update", u.id, updated),
      written("delete", d.id),
      // A failed write changes nothing.
      written("update", f.id, undefined, false),
      written("delete", f.id, undefined, false),
    ]);
    expect(mirror).toEqual(sim.contacts(E));
    // The input is left as it was.
    expect(first.contacts).toHaveLength(5);

    // The feed then brings the same writes again; the mirror does not change.
    clock.advance(5 * MINUTE);
    const next = await refreshMirror(client(sim), input(sim, toState(sim, first, mirror)));
    expect(next.reason).toBe("incremental");
    expect(next.changesRead).toBe(3);
    expect(next.contacts).toEqual(mirror);
  });

  it("keeps the newer version when an older answer arrives", () => {
    const base: Contact = { ...person(1), id: "c_1", version: 3, modified: "2026-11-26T10:00:00.000Z" };
    const older = { ...base, version: 2, title: "Old" };
    expect(mirrorAfterWrites([base], [written("update", "c_1", older)])).toEqual([base]);
  });
});
