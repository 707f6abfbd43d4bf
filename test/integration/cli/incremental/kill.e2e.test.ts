import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, startCli, waitUntil } from "../../../helpers/cli.js";
import { writeUsersLdif } from "../../../helpers/ldif-users.js";
import { simulatorEnv as env, writeSyncConfig } from "../../../helpers/sync-config.js";
import { E, managed, report, simulatorAndScratch } from "./fixture.js";

const USERS = 1000;
/** Kill -9 once this many contacts have landed in MBN. */
const KILL_AT = [50, 200, 400, 600, 800];
const fx = simulatorAndScratch();

describe(`kill -9 at ${KILL_AT.length} moments of an apply of ${USERS} contacts`, () => {
  it("loses nothing: each next run takes over the lock and goes on, the last converges with exactly the desired contacts", async () => {
    const ldif = join(fx.dir, "users.ldif");
    const config = writeSyncConfig(fx.dir, "mbn-ad-sync.yaml", {
      baseUrl: fx.sim.url,
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
    fx.sim.setFaults({ latencyMs: 2, lostPostRate: 0.02, seed: 7 });
    fx.sim.resetStats();
    const moments: string[] = [];
    for (const [n, threshold] of KILL_AT.entries()) {
      const run = startCli(["sync", "--verbose", "--config", config], { env, timeoutMs: 120_000 });
      let exited = false;
      void run.result.then(() => (exited = true));
      await waitUntil(`${threshold} contacts in MBN`, () => fx.sim.contacts(E).length >= threshold, {
        timeoutMs: 60_000,
        intervalMs: 5,
        abandon: () => exited,
        detail: () => run.stderr().slice(-2000),
      });
      run.child.kill("SIGKILL");
      const killed = await run.result;
      expect(killed.signal, killed.stderr.slice(-1500)).toBe("SIGKILL");
      if (n > 0) expect(killed.stderr).toMatch(/^warning: took over a stale lock .* no longer running/m);
      const after = managed(fx.sim);
      expect(after.duplicates).toBe(0);
      moments.push(`${threshold}→${after.count}`);
    }

    const killedRuns = fx.sim.stats();
    // The fault fired: some creates landed without their answer, found again by a 409 or the feed.
    expect(killedRuns.byStatus[0] ?? 0).toBeGreaterThan(0);
    fx.sim.setFaults(undefined);
    fx.sim.resetStats();
    const last = await runCli(["sync", "--json", "--config", config], { env, timeoutMs: 120_000 });
    expect(last.code, last.stderr.slice(-2000)).toBe(0);
    expect(last.stderr).toMatch(/^warning: took over a stale lock/m);
    expect(report(last).failures).toEqual([]);
    expect(report(last).summary.delete).toBe(0);
    const final = managed(fx.sim);
    console.info(
      `kill -9 at (wanted→landed) ${moments.join(", ")}; killed runs: ${killedRuns.byStatus[0] ?? 0} answers lost, ` +
        `${killedRuns.byStatus[409] ?? 0} × 409; last run created ${report(last).summary.create}; ` +
        JSON.stringify(fx.sim.stats().byRoute),
    );
    expect(final).toMatchObject({ count: USERS, duplicates: 0 });
    expect(fx.sim.contacts(E)).toHaveLength(USERS);

    const check = await runCli(["sync", "--check", "--config", config], { env });
    expect(check.code, check.stdout + check.stderr.slice(-2000)).toBe(0);
  }, 150_000);
});
