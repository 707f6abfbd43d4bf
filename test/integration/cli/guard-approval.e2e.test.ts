import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../../src/simulator/index.js";
import type { SyncReport } from "../../../src/report/index.js";
import { runCli } from "../../helpers/cli.js";
import { simulatorEnv as env, writeSyncConfig } from "../../helpers/sync-config.js";
import { removeTempDirs, tempDirSync } from "../../helpers/temp-dir.js";

/** The shrink guard with deletes kept, and approval with the hash as `plan` prints it. */

/** Only the Oslo office: most of the directory falls out of scope, as when a DC answers with a half-empty OU. */
const osloOnly = ['baseDns: ["OU=Oslo,OU=Ansatte,DC=eksempel,DC=no"]'];

let sim: RunningSimulator;
let dir: string;

const deletes = (): number => sim.stats().byRoute["DELETE /contacts/:id"] ?? 0;

async function json(args: string[]): Promise<{ code: number | null; report: SyncReport }> {
  const result = await runCli([...args, "--json"], { env });
  return { code: result.code, report: JSON.parse(result.stdout) as SyncReport };
}

beforeAll(() => {
  dir = tempDirSync("mbn-guard-approval-");
});

afterAll(removeTempDirs);

beforeEach(async () => {
  // A fresh MBN and state for each test, synced with the whole demo directory: the last good run saw everyone.
  await (sim as RunningSimulator | undefined)?.close();
  sim = await startSimulator({ port: 0 });
  const full = writeSyncConfig(dir, "full.yaml", { baseUrl: sim.url });
  expect((await runCli(["sync", "--config", full, "--full"], { env })).code).toBe(0);
  sim.resetStats();
});

afterAll(async () => {
  await sim.close();
});

describe("the shrink guard with sync.deletes: keep", () => {
  it("warns and lets the run go on (exit 0): nothing is deleted", async () => {
    const keep = writeSyncConfig(dir, "oslo-keep.yaml", {
      baseUrl: sim.url,
      source: osloOnly,
      sync: ["deletes: keep"],
    });
    const before = sim.contacts("E1001").length;
    const { code, report } = await json(["sync", "--config", keep]);
    expect(code).toBe(0);
    expect(report.guard).toMatchObject({ ok: true, trips: [] });
    expect(report.guard.warnings?.map((w) => w.guard)).toEqual(["shrink"]);
    const [warning] = report.guard.warnings ?? [];
    expect(warning?.message).toMatch(
      /^The source now yields \d+ users?, \d+ fewer than the \d+ of the last good run/,
    );
    expect(warning?.message).toContain("Nothing is deleted (sync.deletes: keep), so the run goes on.");
    expect(report.kept).toBeGreaterThan(0);
    expect(deletes()).toBe(0);
    expect(sim.contacts("E1001")).toHaveLength(before);

    // that run is the new baseline: the next one has nothing to say
    const next = await json(["sync", "--config", keep]);
    expect(next.code).toBe(0);
    expect(next.report.guard.warnings).toEqual([]);
  });
});

describe("--approve-deletes", () => {
  it("takes the 12-character hash the summary line prints, in any case", async () => {
    const oslo = writeSyncConfig(dir, "oslo.yaml", { baseUrl: sim.url, source: osloOnly });
    const planned = await runCli(["plan", "--config", oslo], { env });
    expect(planned.code).toBe(3); // a guard would stop it
    const printed = /^Plan ([0-9a-f]{12}): /m.exec(planned.stdout)?.[1];
    if (!printed) throw new Error(`no summary line in:\n${planned.stdout}`);

    const stopped = await json(["sync", "--config", oslo]);
    expect(stopped.code).toBe(3);
    expect(stopped.report.planHash.startsWith(printed)).toBe(true);
    // the guard message names the form it accepts, and only that
    expect(stopped.report.guard.trips[0]?.message).toContain(`\`--approve-deletes ${printed}\``);
    expect(stopped.report.guard.trips[0]?.message).not.toContain(stopped.report.planHash);

    const before = sim.contacts("E1001").length;
    const approved = await json(["sync", "--config", oslo, "--approve-deletes", printed.toUpperCase()]);
    expect(approved.code).toBe(0);
    expect(approved.report.guard.approved).toBe(true);
    expect(deletes()).toBeGreaterThan(0);
    expect(sim.contacts("E1001")).toHaveLength(before - deletes());
  });

  it("refuses fewer than 12 characters as a usage error (exit 64), before reading anything", async () => {
    const oslo = writeSyncConfig(dir, "oslo.yaml", { baseUrl: sim.url, source: osloOnly });
    const planned = await json(["plan", "--config", oslo]);
    sim.resetStats();
    const short = planned.report.planHash.slice(0, 8);
    const result = await runCli(["sync", "--config", oslo, "--approve-deletes", short], { env });
    expect(result.code).toBe(64);
    expect(result.stderr).toContain(`--approve-deletes needs at least 12 characters of the plan hash`);
    expect(result.stderr).toContain(`"${short}" has 8`);
    expect(sim.stats().requests).toBe(0);
  });

  it("refuses a prefix of another plan: exit 3, naming this plan's 12 characters", async () => {
    const oslo = writeSyncConfig(dir, "oslo.yaml", { baseUrl: sim.url, source: osloOnly });
    const planned = await json(["plan", "--config", oslo]);
    const mine = planned.report.planHash.slice(0, 12);
    const other = mine.startsWith("0") ? "1".repeat(12) : "0".repeat(12);
    const { code, report } = await json(["sync", "--config", oslo, "--approve-deletes", other]);
    expect(code).toBe(3);
    expect(report.guard.trips[0]?.message).toContain(
      `The approved hash ${other} does not match this plan (${mine}): the plan changed since it was approved.`,
    );
    expect(deletes()).toBe(0);
  });
});
