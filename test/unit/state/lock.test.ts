import { spawn } from "node:child_process";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { acquireLock, LockedError } from "../../../src/state/index.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";

afterAll(removeTempDirs);

const NOW = new Date("2026-11-26T12:00:00.000Z");
const HOUR = 3_600_000;

/** The pid of a process that has exited: spawned, waited for. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  const pid = child.pid;
  await new Promise((resolve) => child.on("exit", resolve));
  if (pid === undefined) throw new Error("no pid");
  return pid;
}

async function lockedError(promise: Promise<unknown>): Promise<LockedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LockedError);
  return error as LockedError;
}

describe("acquireLock", () => {
  it("writes the holder to a 0600 lock file and removes it on release", async () => {
    const dir = await tempDir();
    const lock = await acquireLock(dir, { now: NOW });
    expect(lock.holder).toEqual({ pid: process.pid, host: hostname(), startedAt: NOW.toISOString() });
    expect(lock.tookOver).toBeUndefined();
    const file = join(dir, "lock");
    expect(JSON.parse(await readFile(file, "utf8"))).toMatchObject(lock.holder);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await lock.release();
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it("refuses a second run with exit 5, naming pid, host and start time", async () => {
    const dir = await tempDir();
    const first = await acquireLock(dir, { now: NOW });
    const error = await lockedError(acquireLock(dir, { now: new Date(NOW.getTime() + 60_000) }));
    expect(error.exitCode).toBe(5);
    expect(error.holder).toEqual(first.holder);
    expect(error.message).toContain(`pid ${process.pid}`);
    expect(error.message).toContain(`host ${hostname()}`);
    expect(error.message).toContain(NOW.toISOString());
    expect(error.message).toContain(join(dir, "lock"));
    expect(error.message).toMatch(/delete .*lock/);
    // The refused run leaves the holder's lock alone.
    await first.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it("takes over a lock left by a dead process on this host", async () => {
    const dir = await tempDir();
    const pid = await deadPid();
    const stale = await acquireLock(dir, { now: NOW, pid });
    const lock = await acquireLock(dir, { now: new Date(NOW.getTime() + 60_000) });
    expect(lock.tookOver).toEqual({
      pid,
      host: hostname(),
      startedAt: NOW.toISOString(),
      reason: `process ${pid} is no longer running`,
    });
    expect(JSON.parse(await readFile(join(dir, "lock"), "utf8"))).toMatchObject({ pid: process.pid });
    // The old holder's release must not remove the new holder's lock.
    await stale.release();
    expect(await readdir(dir)).toEqual(["lock"]);
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it("does not judge a lock of another host by its pid", async () => {
    const dir = await tempDir();
    const pid = await deadPid();
    await acquireLock(dir, { now: NOW, pid, host: "other-host" });
    const error = await lockedError(acquireLock(dir, { now: new Date(NOW.getTime() + HOUR) }));
    expect(error.message).toContain("host other-host");
  });

  it("takes over a lock older than staleAfterMs, even from another host", async () => {
    const dir = await tempDir();
    await acquireLock(dir, { now: NOW, host: "other-host" });
    await lockedError(acquireLock(dir, { now: new Date(NOW.getTime() + 2 * HOUR), staleAfterMs: 3 * HOUR }));
    const lock = await acquireLock(dir, { now: new Date(NOW.getTime() + 7 * HOUR) });
    expect(lock.tookOver).toMatchObject({ host: "other-host", startedAt: NOW.toISOString() });
    expect(lock.tookOver?.reason).toBe("older than 360 minutes");
    await lock.release();
  });

  it("takes over a corrupt lock file", async () => {
    const dir = await tempDir();
    await writeFile(join(dir, "lock"), "{ half a reco");
    const lock = await acquireLock(dir, { now: NOW });
    expect(lock.tookOver).toEqual({
      pid: null,
      host: null,
      startedAt: null,
      reason: "lock file not a lock record",
    });
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it("lets exactly one of many simultaneous runs win a stale lock", async () => {
    const dir = await tempDir();
    await acquireLock(dir, { now: NOW, pid: await deadPid() });
    const later = new Date(NOW.getTime() + 60_000);
    // Every racer is this (live) process, so once one has taken over, the others see a live lock.
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, () => acquireLock(dir, { now: later })),
    );
    const winners = outcomes.filter((o) => o.status === "fulfilled").map((o) => o.value);
    expect(winners).toHaveLength(1);
    for (const o of outcomes) if (o.status === "rejected") expect(o.reason).toBeInstanceOf(LockedError);
    // The winner is either the racer that moved the stale lock aside, or one that found the place empty
    // just after it did and created a fresh lock: both are correct, and only one of them holds the lock.
    const takeover = winners[0]?.tookOver;
    if (takeover) expect(takeover.reason).toMatch(/no longer running/);
    expect(await readdir(dir)).toEqual(["lock"]);
    await winners[0]?.release();
    expect(await readdir(dir)).toEqual([]);
  });

  it("lets exactly one of many simultaneous runs take a free lock", async () => {
    const dir = await tempDir();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, () => acquireLock(dir, { now: NOW })),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(
      outcomes.filter((o) => o.status === "rejected").every((o) => o.reason instanceof LockedError),
    ).toBe(true);
  });
});
