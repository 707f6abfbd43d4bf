import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../../../src/simulator/index.js";
import { runCli } from "../../../helpers/cli.js";
import { writeUsersLdif } from "../../../helpers/ldif-users.js";
import { SimClock } from "../../../helpers/sim-clock.js";
import { simulatorEnv as env, writeSyncConfig } from "../../../helpers/sync-config.js";
import { removeTempDirs, tempDirSync } from "../../../helpers/temp-dir.js";
import { E, handClient, managed, report } from "./fixture.js";

const USERS = 40;
const RETENTION_DAYS = 30;
const clock = new SimClock();
const dir = tempDirSync("mbn-incremental-");
let sim: RunningSimulator;
let config: string;
let stateDir: string;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, now: clock.now, tombstoneRetentionDays: RETENTION_DAYS });
  const ldif = writeUsersLdif(join(dir, "users.ldif"), USERS);
  config = writeSyncConfig(dir, "mbn-ad-sync.yaml", { baseUrl: sim.url, ldif });
  stateDir = join(dir, "state");
});

afterAll(async () => {
  await sim.close();
  await removeTempDirs();
});

const sync = (...args: string[]) =>
  runCli(["sync", "--json", "--verbose", "--config", config, ...args], { env });

// One directory and one simulator through a sequence of runs, each starting from the state the one before left.
describe("incremental runs of the CLI against the simulator", () => {
  it("an idle run after the first sync makes at most 4 requests and no full listing", async () => {
    const first = await sync();
    expect(first.code, first.stderr).toBe(0);
    expect(report(first).summary.create).toBe(USERS);
    expect(first.stderr).toContain("full read (no state)");
    expect(sim.stats().byRoute["GET /contacts"]).toBeGreaterThanOrEqual(1);

    sim.resetStats();
    const mirrorFile = join(stateDir, "mirror.json");
    const mirrorBefore = statSync(mirrorFile);
    const started = performance.now();
    const idle = await sync();
    const ms = performance.now() - started;
    expect(idle.code, idle.stderr).toBe(0);
    const stats = sim.stats();
    console.info(
      `idle run, ${USERS} contacts: ${stats.requests} requests in ${ms.toFixed(0)} ms ${JSON.stringify(stats.byRoute)}`,
    );
    expect(report(idle).summary).toMatchObject({ create: 0, update: 0, delete: 0, unchanged: USERS });
    // enterpriseId is not configured, so userInfo is one of them: token, userInfo, one page of the feed.
    expect(stats.requests).toBeLessThanOrEqual(4);
    expect(stats.byRoute["GET /contacts"]).toBeUndefined();
    expect(stats.byRoute["GET /contacts/changes"]).toBeGreaterThanOrEqual(1);
    // The feed re-read only what the mirror holds (the overlap): mirror.json is left as it was.
    const mirrorAfter = statSync(mirrorFile);
    expect([mirrorAfter.ino, mirrorAfter.mtimeMs]).toEqual([mirrorBefore.ino, mirrorBefore.mtimeMs]);
  });

  it("sees in the feed a contact deleted by hand in MBN and creates it again, with no full listing", async () => {
    const victim = sim.contacts(E)[7];
    if (!victim?.externalId) throw new Error("no contact to delete");
    const hand = handClient(sim);
    await hand.deleteContact(victim.id);
    await hand.close();

    sim.resetStats();
    const result = await sync();
    expect(result.code, result.stderr).toBe(0);
    expect(report(result).summary).toMatchObject({ create: 1, update: 0, delete: 0 });
    expect(report(result).changes[0]?.externalId).toBe(victim.externalId);
    // Known from the feed's tombstone: the run did not list the directory.
    expect(result.stderr).toMatch(/^debug: [1-9]\d* changes since the last run/m);
    const stats = sim.stats();
    expect(stats.byRoute["GET /contacts"]).toBeUndefined();
    expect(stats.byRoute["POST /contacts"]).toBe(1);

    const after = managed(sim);
    expect(after).toMatchObject({ count: USERS, duplicates: 0 });
    expect(after.externalIds.has(victim.externalId)).toBe(true);
    expect(sim.contacts(E).some((c) => c.id === victim.id)).toBe(false);
  });

  it("warns about a corrupt state file, naming it, reads everything and duplicates nothing", async () => {
    const stateFile = join(stateDir, "state.json");
    writeFileSync(stateFile, '{"format": 1, "contacts": [ garbage \u0000 written by a broken disk');

    sim.resetStats();
    const result = await sync();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^warning: .*state\.json/m);
    expect(result.stderr).toContain(stateFile);
    expect(sim.stats().byRoute["GET /contacts"]).toBeGreaterThanOrEqual(1);
    expect(report(result).summary).toMatchObject({ create: 0, update: 0, delete: 0 });
    expect(managed(sim)).toMatchObject({ count: USERS, duplicates: 0 });
    // The run wrote a good state file again: the next run is incremental.
    expect(JSON.parse(readFileSync(stateFile, "utf8"))).toMatchObject({ format: 2, enterpriseId: E });
    sim.resetStats();
    const next = await sync();
    expect(next.code, next.stderr).toBe(0);
    expect(sim.stats().byRoute["GET /contacts"]).toBeUndefined();
  });

  it("exits 5 while a live process holds the lock, naming it; takes over a dead process's lock with a warning", async () => {
    const lockFile = join(stateDir, "lock");
    const lock = (pid: number) =>
      JSON.stringify({
        pid,
        host: hostname(),
        startedAt: new Date().toISOString(),
        token: "0123456789abcdef",
      });

    // The holder is this test process: alive for as long as the second run looks.
    writeFileSync(lockFile, lock(process.pid), { mode: 0o600 });
    sim.resetStats();
    const locked = await runCli(["sync", "--config", config], { env });
    expect(locked.code).toBe(5);
    expect(locked.stderr).toContain(`pid ${process.pid} on host ${hostname()}`);
    expect(locked.stderr).toContain(lockFile);
    expect(sim.stats().requests).toBe(0);
    expect(existsSync(lockFile)).toBe(true);

    // A process that has exited: its pid is free (reuse within these milliseconds is not a concern).
    const dead = spawnSync(process.execPath, ["-e", ""]).pid;
    writeFileSync(lockFile, lock(dead), { mode: 0o600 });
    const result = await sync();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(
      new RegExp(`^warning: took over a stale lock .*pid ${dead} .*no longer running`, "m"),
    );
    expect(existsSync(lockFile)).toBe(false);
  });

  it(`falls back to a full read when the feed answers 410 (watermark older than ${RETENTION_DAYS} days)`, async () => {
    clock.advance((RETENTION_DAYS + 1) * 86_400_000);
    sim.resetStats();
    const result = await sync();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("full read (feed answered 410)");
    const stats = sim.stats();
    expect(stats.byStatus[410]).toBe(1);
    expect(stats.byRoute["GET /contacts"]).toBeGreaterThanOrEqual(1);
    expect(report(result).summary).toMatchObject({ create: 0, update: 0, delete: 0, unchanged: USERS });
    expect(managed(sim)).toMatchObject({ count: USERS, duplicates: 0 });
  });
});
