import { existsSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../../src/simulator/index.js";
import { toInput } from "../../../src/model/contact.js";
import type { SyncReport } from "../../../src/report/index.js";
import { readState, type SyncState } from "../../../src/state/index.js";
import { runCli } from "../../helpers/cli.js";
import { demoClient } from "../../helpers/demo-client.js";
import { simulatorEnv as env, writeSyncConfig } from "../../helpers/sync-config.js";
import { removeTempDirs, tempDirSync } from "../../helpers/temp-dir.js";

/** A saved plan is applied once: the state records it, and a second apply is refused before any write. */

let sim: RunningSimulator;
let dir: string;
let config: string;

const stateFile = (): string => join(dir, "state", "state.json");
const auditLines = (): number => {
  const file = join(dir, "state", "audit.jsonl");
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean).length : 0;
};
/** The state as the next run reads it (state.json and its mirror.json). */
async function readStateFile(): Promise<SyncState> {
  const { state, problem } = await readState(stateFile());
  if (!state) throw new Error(problem ?? "no state file");
  return state;
}

async function json(args: string[]): Promise<{ code: number | null; report: SyncReport }> {
  const result = await runCli([...args, "--json"], { env });
  return { code: result.code, report: JSON.parse(result.stdout) as SyncReport };
}

/** `plan --out`, checked; returns the plan file's path and hash. */
async function savePlan(name: string): Promise<{ file: string; hash: string }> {
  const file = join(dir, name);
  const planned = await json(["plan", "--config", config, "--out", file]);
  expect(planned.code).toBe(0);
  return { file, hash: planned.report.planHash };
}

beforeEach(async () => {
  sim = await startSimulator({ port: 0 });
  dir = tempDirSync("mbn-apply-once-");
  config = writeSyncConfig(dir, "config.yaml", { baseUrl: sim.url });
});

afterEach(async () => {
  await sim.close();
});

afterAll(removeTempDirs);

describe("apply of a saved plan", () => {
  it("applies once; a second apply is refused with exit 65 before any request, and audits nothing", async () => {
    const plan = await savePlan("plan.json");
    const first = await json(["apply", plan.file, "--config", config]);
    expect(first.code).toBe(0);
    const creates = sim.stats().byRoute["POST /contacts"] ?? 0;
    expect(creates).toBeGreaterThan(0);
    const audited = auditLines();
    expect(audited).toBeGreaterThanOrEqual(creates);
    const { createdAt } = JSON.parse(readFileSync(plan.file, "utf8")) as { createdAt: string };
    const [record, ...more] = (await readStateFile()).appliedPlans ?? [];
    expect(more).toEqual([]);
    expect(record).toMatchObject({ hash: plan.hash, createdAt });
    expect(statSync(stateFile()).mode & 0o777).toBe(0o600);

    sim.resetStats();
    const again = await runCli(["apply", plan.file, "--config", config], { env });
    expect(again.code).toBe(65);
    expect(again.stderr).toContain(
      `plan file ${plan.file} (plan ${plan.hash.slice(0, 12)}, made ${createdAt}) was applied at ${record?.appliedAt}; ` +
        "applying it again would repeat its writes.",
    );
    expect(again.stderr).toContain(`Make a new plan with \`mbn-ad-sync plan --out ${plan.file}\``);
    expect(sim.stats().requests).toBe(0);
    expect(auditLines()).toBe(audited);
  });

  it("saves the state when there was none: an empty mirror the next sync reads in full, and the applied plan", async () => {
    const plan = await savePlan("plan.json");
    rmSync(join(dir, "state"), { recursive: true }); // e.g. the plan was made on another machine
    expect((await json(["apply", plan.file, "--config", config])).code).toBe(0);

    const saved = await readStateFile();
    expect(saved).toMatchObject({
      enterpriseId: "E1001",
      watermark: null,
      lastFullReadAt: null,
      contacts: [],
    });
    expect(saved.lastRun?.desiredCount).toBeGreaterThan(0);
    expect(saved.appliedPlans?.map((a) => a.hash)).toEqual([plan.hash]);
    expect(statSync(stateFile()).mode & 0o777).toBe(0o600);

    expect((await runCli(["apply", plan.file, "--config", config], { env })).code).toBe(65);
    sim.resetStats();
    const next = await json(["sync", "--config", config]);
    expect(next.code).toBe(0);
    expect(next.report.changes).toEqual([]);
    expect(sim.stats().byRoute["GET /contacts"]).toBeGreaterThan(0); // the full read
    expect((await readStateFile()).appliedPlans?.map((a) => a.hash)).toEqual([plan.hash]); // sync keeps the record
  });

  it("counts a partly failed apply as applied: the new plan it asks for holds what is left", async () => {
    expect((await json(["sync", "--config", config])).code).toBe(0);
    const mbn = demoClient(sim.url);
    const [a, b] = sim.contacts("E1001");
    if (!a || !b) throw new Error("no contacts");
    const editedA = await mbn.updateContact(a.id, { ...toInput(a), title: "Edited A" });
    await mbn.updateContact(b.id, { ...toInput(b), title: "Edited B" });
    const plan = await savePlan("plan.json");
    // A changes again after the plan was made: its update is skipped as stale (exit 4), B's is written
    await mbn.updateContact(a.id, { ...toInput(editedA), title: "Edited A again" });
    await mbn.close();
    expect((await json(["apply", plan.file, "--config", config])).code).toBe(4);
    expect(sim.contacts("E1001").find((c) => c.id === b.id)?.title).toBe(b.title);

    expect((await runCli(["apply", plan.file, "--config", config], { env })).code).toBe(65);
    const left = await savePlan("left.json");
    expect(left.hash).not.toBe(plan.hash);
    const applied = await json(["apply", left.file, "--config", config]);
    expect(applied.code).toBe(0);
    expect(applied.report.changes.map((c) => c.contactId)).toEqual([a.id]);
    expect(sim.contacts("E1001").find((c) => c.id === a.id)?.title).toBe(a.title);
  });
});
