import { existsSync, readFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readState, type AuditRecord } from "../../../../src/state/index.js";
import { runCli, startCli, waitUntil } from "../../../helpers/cli.js";
import { writeUsersLdif } from "../../../helpers/ldif-users.js";
import { simulatorEnv as env, writeSyncConfig } from "../../../helpers/sync-config.js";
import { E, managed, report, simulatorAndScratch } from "./fixture.js";

const USERS = 60;
const fx = simulatorAndScratch();

describe("a run stopped by SIGTERM while it writes", () => {
  it("holds the lock against a second run (exit 5), finishes its writes in flight, saves state, exits 130; the next run converges", async () => {
    const ldif = writeUsersLdif(join(fx.dir, "users.ldif"), USERS);
    const config = writeSyncConfig(fx.dir, "mbn-ad-sync.yaml", { baseUrl: fx.sim.url, ldif });
    const stateDir = join(fx.dir, "state");
    // 4 writes in flight, 400 ms each: the apply takes about 6 s, time enough for a second run to start.
    fx.sim.setFaults({ latencyMs: 400 });

    const running = startCli(["sync", "--config", config], { env });
    let exited = false;
    void running.result.then(() => (exited = true));
    await waitUntil("the first run to take the lock", () => existsSync(join(stateDir, "lock")), {
      abandon: () => exited,
      detail: () => running.stderr().slice(-2000),
    });

    const second = await runCli(["sync", "--config", config], { env });
    expect(second.code, second.stderr).toBe(5);
    expect(second.stderr).toContain(`pid ${running.pid} on host ${hostname()}`);

    await waitUntil("the first writes to land", () => fx.sim.contacts(E).length >= 8, {
      abandon: () => exited,
      detail: () => running.stderr().slice(-2000),
    });
    running.child.kill("SIGTERM");
    const stopped = await running.result;
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stdout).toContain("Interrupted");
    // The writes never started are counted as not attempted, never as failed.
    const untried = /, (\d+) not attempted \(interrupted\); .*, 0 failed\./.exec(stopped.stdout);
    expect(untried, stopped.stdout.slice(-600)).not.toBeNull();
    expect(stopped.stdout).toContain(`Not attempted, the run was interrupted (${untried?.[1]}):`);
    expect(stopped.stdout).not.toContain("Failed (");

    const landed = fx.sim.contacts(E);
    expect(landed.length).toBeGreaterThanOrEqual(8);
    expect(landed.length).toBeLessThan(USERS);
    expect(Number(untried?.[1])).toBe(USERS - landed.length);
    // The writes in flight finished and their answers are in the saved mirror and the audit log.
    const saved = (await readState(join(stateDir, "state.json"))).state;
    expect(saved?.contacts.map((c) => c.id).sort()).toEqual(landed.map((c) => c.id).sort());
    const audit = readFileSync(join(stateDir, "audit.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as AuditRecord);
    expect(audit.map((r) => r.contactId).sort()).toEqual(landed.map((c) => c.id).sort());
    expect(existsSync(join(stateDir, "lock"))).toBe(false);

    fx.sim.setFaults(undefined);
    fx.sim.resetStats();
    const next = await runCli(["sync", "--json", "--config", config], { env });
    expect(next.code, next.stderr).toBe(0);
    expect(report(next).summary).toMatchObject({ create: USERS - landed.length, update: 0, delete: 0 });
    // It started from the saved mirror: no full listing.
    expect(fx.sim.stats().byRoute["GET /contacts"]).toBeUndefined();
    expect(managed(fx.sim)).toMatchObject({ count: USERS, duplicates: 0 });
  });
});
