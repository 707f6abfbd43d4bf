import { statSync, readFileSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../../src/simulator/index.js";
import { toInput } from "../../../src/model/contact.js";
import type { SyncReport } from "../../../src/report/index.js";
import { runCli } from "../../helpers/cli.js";
import { jsonCounts, markdownCounts } from "../../unit/report/markdown-counts.js";
import { demoClient } from "../../helpers/demo-client.js";
import { simulatorEnv as env, writeSyncConfig } from "../../helpers/sync-config.js";
import { removeTempDirs, tempDirSync } from "../../helpers/temp-dir.js";

/** Only the Oslo office: most of the directory falls out of scope, as when a DC answers with a half-empty OU. */
const osloOnly = ['baseDns: ["OU=Oslo,OU=Ansatte,DC=eksempel,DC=no"]'];

let sim: RunningSimulator;
let dir: string;
let full: string;
let oslo: string;

function writes(): number {
  const { byRoute } = sim.stats();
  return (
    (byRoute["POST /contacts"] ?? 0) +
    (byRoute["PUT /contacts/:id"] ?? 0) +
    (byRoute["DELETE /contacts/:id"] ?? 0)
  );
}

async function json(args: string[]): Promise<{ code: number | null; report: SyncReport; stderr: string }> {
  const result = await runCli([...args, "--json"], { env });
  return { code: result.code, report: JSON.parse(result.stdout) as SyncReport, stderr: result.stderr };
}

beforeAll(() => {
  dir = tempDirSync("mbn-guards-");
});

afterAll(removeTempDirs);

beforeEach(async () => {
  // A fresh MBN for each test: every scenario starts from the demo directory, synced.
  await (sim as RunningSimulator | undefined)?.close();
  sim = await startSimulator({ port: 0 });
  full = writeSyncConfig(dir, "full.yaml", { baseUrl: sim.url });
  oslo = writeSyncConfig(dir, "oslo.yaml", { baseUrl: sim.url, source: osloOnly });
  const first = await runCli(["sync", "--config", full], { env });
  expect(first.code).toBe(0);
  sim.resetStats();
});

afterAll(async () => {
  await sim.close();
});

describe("the delete guard", () => {
  it("stops a mass delete with exit 3, writes nothing, and reports nothing as done", async () => {
    const before = sim.contacts("E1001").length;
    const { code, report } = await json(["sync", "--config", oslo]);
    expect(code).toBe(3);
    expect(report.guard.ok).toBe(false);
    expect(report.guard.trips.map((t) => t.guard)).toContain("max-delete-percent");
    expect(report.guard.trips[0]?.message).toContain("--approve-deletes");
    expect(writes()).toBe(0);
    expect(sim.contacts("E1001")).toHaveLength(before);
    // what was done (nothing) apart from what the plan holds; each change says it was not written
    expect(report).toMatchObject({ mode: "apply", written: false, notWrittenBecause: "guard" });
    expect(report.summary).toMatchObject({ create: 0, update: 0, delete: 0, failed: 0 });
    const deletes = report.planned.delete;
    expect(deletes).toBeGreaterThan(5);
    expect(report.changes.filter((c) => c.action === "delete")).toHaveLength(deletes);
    expect(new Set(report.changes.map((c) => c.status))).toEqual(new Set(["planned"]));

    const text = await runCli(["sync", "--config", oslo], { env });
    expect(text.code).toBe(3);
    expect(text.stdout.split("\n")[0]).toBe("Nothing was written to MBN: a guard stopped the run.");
    expect(text.stdout).toContain(`Would delete ${deletes} contacts:`);
    expect(text.stdout).not.toMatch(/Deleted \d|deleted \d/);
    expect(text.stdout).toMatch(new RegExp(`nothing written; would create 0, update 0, delete ${deletes};`));
    expect(writes()).toBe(0);
  });

  it("fails a dry run whose plan it would stop (exit 3, before --check's 2), saying how to approve", async () => {
    for (const args of [
      ["plan"],
      ["sync", "--dry-run"],
      ["sync", "--check"],
      ["plan", "--check", "--quiet"],
    ]) {
      const result = await runCli([...args, "--config", oslo], { env });
      expect(result.code, args.join(" ")).toBe(3);
      const hash = /^Plan ([0-9a-f]{12}): /m.exec(result.stdout)?.[1];
      expect(hash, result.stdout).toBeDefined();
      expect(result.stdout).toContain("A sync would stop before writing anything:");
      expect(result.stdout).toContain(`\`--approve-deletes ${hash ?? ""}\` to let exactly this plan through`);
    }
    expect(writes()).toBe(0);
    // the plan job's Markdown summary: the trip, the hash to approve, the JSON report's numbers
    const [md, file] = [join(dir, "guard-summary.md"), join(dir, "guard-report.json")];
    const summarised = await runCli(["plan", "--config", oslo, "--summary-md", md, "--report", file], {
      env,
    });
    expect(summarised.code).toBe(3);
    const report = JSON.parse(readFileSync(file, "utf8")) as SyncReport;
    const markdown = readFileSync(md, "utf8");
    expect(markdownCounts(markdown)).toEqual(jsonCounts(report));
    expect(markdownCounts(markdown)["planned: delete"]).toBeGreaterThan(5);
    expect(markdown).toContain("**A guard would stop this plan**");
    expect(markdown).toContain(`- **max-delete-percent**: `);
    expect(markdown).toContain(
      `approve this plan with \`--approve-deletes ${report.planHash.slice(0, 12)}\``,
    );
    // approved, the same dry run passes: 0, or 2 for --check (changes pending)
    const planned = await json(["plan", "--config", oslo]);
    const hash = planned.report.planHash.slice(0, 12);
    expect((await runCli(["plan", "--config", oslo, "--approve-deletes", hash], { env })).code).toBe(0);
    expect(
      (await runCli(["sync", "--check", "--config", oslo, "--approve-deletes", hash], { env })).code,
    ).toBe(2);
    expect(writes()).toBe(0);
  });

  it("lets exactly the approved plan through, and refuses a wrong hash", async () => {
    const planned = await json(["plan", "--config", oslo]);
    expect(planned.code).toBe(3);
    const deletes = planned.report.planned.delete;
    expect(deletes).toBeGreaterThan(0);

    const wrong = await json(["sync", "--config", oslo, "--approve-deletes", "0".repeat(64)]);
    expect(wrong.code).toBe(3);
    expect(writes()).toBe(0);

    const before = sim.contacts("E1001").length;
    const approved = await json(["sync", "--config", oslo, "--approve-deletes", planned.report.planHash]);
    expect(approved.code).toBe(0);
    expect(approved.report.guard.approved).toBe(true);
    expect(approved.report.summary.delete).toBe(deletes);
    expect(approved.report.changes.every((c) => c.status === "done")).toBe(true);
    expect(sim.contacts("E1001")).toHaveLength(before - deletes);
  });
});

describe("saved plans", () => {
  it("plan --out writes a 0600 file that apply carries out exactly", async () => {
    const mbn = demoClient(sim.url);
    const [target] = sim.contacts("E1001");
    if (!target) throw new Error("no contact");
    await mbn.updateContact(target.id, { ...toInput(target), title: "Changed by hand" });
    await mbn.close();
    const writesBefore = writes();

    const planFile = join(dir, "plan.json");
    const planned = await json(["plan", "--config", full, "--out", planFile]);
    expect(planned.code).toBe(0);
    expect(statSync(planFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(planFile, "utf8"))).toMatchObject({
      version: 2,
      plan: { hash: planned.report.planHash },
    });
    expect(writes()).toBe(writesBefore);

    const applied = await json(["apply", planFile, "--config", full]);
    expect(applied.code).toBe(0);
    expect(applied.report.summary.update).toBe(1);
    expect(sim.contacts("E1001").find((c) => c.id === target.id)?.title).toBe(target.title);
  });

  it("apply skips and reports a contact changed since the plan was made (exit 4)", async () => {
    const mbn = demoClient(sim.url);
    const [target] = sim.contacts("E1001");
    if (!target) throw new Error("no contact");
    const edited = await mbn.updateContact(target.id, { ...toInput(target), title: "First edit" });

    const planFile = join(dir, "stale.json");
    expect((await json(["plan", "--config", full, "--out", planFile])).code).toBe(0);
    await mbn.updateContact(target.id, { ...toInput(edited), title: "Second edit", notes: "typed later" });
    await mbn.close();

    const applied = await json(["apply", planFile, "--config", full]);
    expect(applied.code).toBe(4);
    // skipped and reported as stale, not as a failed write
    expect(applied.report.failures).toEqual([]);
    expect(applied.report.summary).toMatchObject({ update: 0, stale: 1, failed: 0 });
    const [stale] = applied.report.changes;
    expect(stale).toMatchObject({ action: "update", contactId: target.id, status: "stale" });
    expect(stale?.message).toContain("not overwritten");
    const now = sim.contacts("E1001").find((c) => c.id === target.id);
    expect(now?.title).toBe("Second edit");
    expect(now?.notes).toBe("typed later");
  });

  it("apply refuses a plan made with another configuration (exit 65) and writes nothing", async () => {
    const planFile = join(dir, "other.json");
    // a guard would stop this plan (exit 3), but it is saved all the same: it is for review
    expect((await json(["plan", "--config", oslo, "--out", planFile])).code).toBe(3);
    const result = await runCli(["apply", planFile, "--config", full], { env });
    expect(result.code).toBe(65);
    expect(result.stderr).toContain("another version of the configuration");
    expect(writes()).toBe(0);
  });

  it("apply refuses a plan edited after it was written (exit 65)", async () => {
    const planFile = join(dir, "edited.json");
    expect((await json(["plan", "--config", oslo, "--out", planFile])).code).toBe(3);
    expect(existsSync(planFile)).toBe(true);
    const plan = JSON.parse(readFileSync(planFile, "utf8")) as {
      plan: { entries: { contactId?: string }[] };
    };
    const first = plan.plan.entries[0];
    if (!first) throw new Error("empty plan");
    first.contactId = "c_9999999999";
    writeFileSync(planFile, JSON.stringify(plan));
    const result = await runCli(["apply", planFile, "--config", oslo], { env });
    expect(result.code).toBe(65);
    expect(result.stderr).toContain("do not match the plan hash");
    expect(writes()).toBe(0);
  });
});
