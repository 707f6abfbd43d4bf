import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../../src/simulator/index.js";
import { runCli } from "../../helpers/cli.js";
import { startCli, waitUntil } from "../../helpers/cli-child.js";
import { writeUsersLdif } from "../../helpers/ldif-users.js";
import { simulatorEnv as env, writeSyncConfig } from "../../helpers/sync-config.js";
import { E, managed, report, scratchDir } from "./setup.js";

const USERS = 1000;
/** Kill -9 once this many contacts have landed in MBN. */
const KILL_AT = [50, 200, 400, 600, 800];
const scratch = scratchDir();
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});

afterAll(async () => {
  await sim.close();
  scratch.remove();
});

describe(`kill -9 at ${KILL_AT.length} moments of an apply of ${USERS} contacts`, () => {
  it("loses nothing: each next run takes over the lock and goes on, the last converges with exactly the desired contacts", async () => {
    const ldif = join(scratch.dir, "users.ldif");
    const config = writeSyncConfig(scratch.dir, "mbn-ad-sync.yaml", {
      baseUrl: sim.url,
      ldif,
      requestsPerSecond: 5000,
    });

    // A first good run of 10 users leaves a state file and a watermark: the killed runs that follow read
    // MBN through the changes feed, which must bring them the contacts the runs before created.
    writeUsersLdif(ldif, 10);
    const seed = await runCli(["sync", "--config", config], { env });
    expect(seed.code, seed.stderr).toBe(0);
    writeUsersLdif(ldif, USERS);

    // Answers lost at random too (the contact is created, the connection dropped): the writer meets 409.
    sim.setFaults({ latencyMs: 2, lostPostRate: 0.02, seed: 7 });
    sim.resetStats();
    const moments: string[] = [];
    for (const [n, threshold] of KILL_AT.entries()) {
      const run = startCli(["sync", "--verbose", "--config", config], { env, timeoutMs: 120_000 });
      let exited = false;
      void run.result.then(() => (exited = true));
      await waitUntil(`${threshold} contacts in MBN`, () => sim.contacts(E).length >= threshold, {
        timeoutMs: 60_000,
        intervalMs: 5,
        abandon: () => exited,
        detail: () => run.stderr().slice(-2000),
      });
      run.child.kill("SIGKILL");
      const killed = await run.result;
      expect(killed.signal, killed.stderr.slice(-1500)).toBe("SIGKILL");
      if (n > 0) expect(killed.stderr).toMatch(/^warning: took over a stale lock .* no longer running/m);
      const after = managed(sim);
      expect(after.duplicates).toBe(0);
      moments.push(`${threshold}→${after.count}`);
    }

    const killedRuns = sim.stats();
    // The fault fired: some creates landed without their answer, found again by a 409 or the feed.
    expect(killedRuns.byStatus[0] ?? 0).toBeGreaterThan(0);
    sim.setFaults(undefined);
    sim.resetStats();
    const last = await runCli(["sync", "--json", "--config", config], { env, timeoutMs: 120_000 });
    expect(last.code, last.stderr.slice(-2000)).toBe(0);
    expect(last.stderr).toMatch(/^warning: took over a stale lock/m);
    expect(report(last).failures).toEqual([]);
    expect(report(last).summary.delete).toBe(0);
    const final = managed(sim);
    console.info(
      `kill -9 at (wanted→landed) ${moments.join(", ")}; killed runs: ${killedRuns.byStatus[0] ?? 0} answers lost, ` +
        `${killedRuns.byStatus[409] ?? 0} × 409; last run created ${report(last).summary.create}; ` +
        JSON.stringify(sim.stats().byRoute),
    );
    expect(final).toMatchObject({ count: USERS, duplicates: 0 });
    expect(sim.contacts(E)).toHaveLength(USERS);

    const check = await runCli(["sync", "--check", "--config", config], { env });
    expect(check.code, check.stdout + check.stderr.slice(-2000)).toBe(0);
  }, 150_000);
});
