/**
 * examples/ci/github-actions.yml: its jobs' steps run in order (github-workflow.ts) against the simulator, with
 * the secrets and inputs as the expressions the test controls and $MBN_AD_SYNC pointed at the built CLI. The
 * workflow's schema is checked by `npm run check` (action-validator).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toInput } from "../../../src/model/contact.js";
import type { SyncReport } from "../../../src/report/index.js";
import { startSimulator, type RunningSimulator } from "../../../src/simulator/index.js";
import { repoRoot } from "../../helpers/cli.js";
import { demoClient } from "../../helpers/demo-client.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";
import { jsonCounts, markdownCounts } from "../../unit/report/markdown-counts.js";
import { readWorkflow, runJob, type JobResult, type RunnerOptions } from "./github-workflow.js";
import { cliCommand, makePipelineRepo, secrets } from "./pipeline-repo.js";

const workflow = readWorkflow(join(repoRoot, "examples/ci/github-actions.yml"));

let sim: RunningSimulator;
let repo: string;
let stateDir: string;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  repo = await tempDir("mbn-github-");
  stateDir = await tempDir("mbn-github-state-");
  await makePipelineRepo(
    repo,
    sim.url,
    "examples/ci/github-actions.yml",
    ".github/workflows/mbn-ad-sync.yml",
  );
});

afterAll(async () => {
  await sim.close();
  await removeTempDirs();
});

/** One run of the workflow: the given jobs in order, each after the one before succeeded. */
async function runWorkflow(jobs: string[], approveDeletes = ""): Promise<Record<string, JobResult>> {
  const options: RunnerOptions = {
    repo,
    scratch: await tempDir("mbn-github-run-"),
    expressions: {
      ...Object.fromEntries(Object.entries(secrets).map(([key, value]) => [`secrets.${key}`, value])),
      "inputs.approve_deletes": approveDeletes,
    },
    env: { MBN_AD_SYNC: cliCommand, MBN_AD_SYNC_STATE_DIR: stateDir },
  };
  const results: Record<string, JobResult> = {};
  for (const job of jobs) {
    const result = await runJob(workflow, job, options);
    results[job] = result;
    if (!result.ok) break;
  }
  return results;
}

describe("the GitHub Actions recipe", () => {
  it("lists the jobs plan, apply (in the protected environment) and drift, each needing the one before", () => {
    expect(Object.keys(workflow.jobs)).toEqual(["plan", "apply", "drift"]);
    expect(workflow.jobs.apply).toMatchObject({ needs: "plan", environment: "mbn-production" });
    expect(workflow.jobs.drift?.needs).toEqual(["plan", "apply"]);
  });

  it("plans, applies the uploaded plan, and the drift job is green", async () => {
    const { plan, apply, drift } = await runWorkflow(["plan", "apply", "drift"]);
    expect(plan?.ok, plan?.log).toBe(true);
    expect(plan?.summary).toMatch(/Plan `[0-9a-f]{12}`: 49 to create, 0 to update, 0 to delete\./);
    // the tool appended it to $GITHUB_STEP_SUMMARY itself, with the numbers of the JSON report
    const report = JSON.parse(readFileSync(join(plan?.workspace ?? "", "report.json"), "utf8")) as SyncReport;
    expect(markdownCounts(plan?.summary ?? "")).toEqual(jsonCounts(report));
    expect(apply?.ok, apply?.log).toBe(true);
    expect(apply?.summary).toContain("Written to MBN.");
    expect(sim.contacts("E1001")).toHaveLength(49);
    expect(drift?.ok, drift?.log).toBe(true);
    expect(drift?.summary).toContain("0 to create, 0 to update, 0 to delete");
  }, 60_000);

  it("fails the drift job (exit 2) when a contact was edited by hand in MBN", async () => {
    const [contact] = sim.contacts("E1001");
    if (!contact) throw new Error("no contacts");
    const mbn = demoClient(sim.url);
    await mbn.updateContact(contact.id, { ...toInput(contact), title: "Edited by hand" });
    await mbn.close();

    const { drift } = await runWorkflow(["drift"]);
    expect(drift?.ok).toBe(false);
    expect(drift?.log).toContain("(exit 2)");
    expect(drift?.summary).toContain("0 to create, 1 to update, 0 to delete");
    expect(drift?.summary).toContain('title: "Edited by hand" →');
  }, 60_000);

  it("fails the plan job (exit 3) when a guard trips, then goes through with the hash as approve_deletes", async () => {
    // Twenty users leave at once: more deletes than sync.maxDeletePercent lets through unapproved.
    // (The sample is an ldifde export: CRLF line ends.)
    const entries = readFileSync(join(repo, "users.ldif"), "utf8").split("\r\n\r\n");
    const leavers = new Set(entries.filter((e) => /^objectClass: user\r?$/m.test(e)).slice(0, 20));
    expect(leavers.size).toBe(20);
    writeFileSync(join(repo, "users.ldif"), entries.filter((e) => !leavers.has(e)).join("\r\n\r\n"));

    const stopped = await runWorkflow(["plan", "apply", "drift"]);
    expect(stopped.plan?.ok).toBe(false);
    expect(stopped.plan?.log).toContain("(exit 3)");
    expect(stopped.apply).toBeUndefined();
    const hash =
      /After reviewing the deletes, approve this plan with `--approve-deletes ([0-9a-f]{12})`/.exec(
        stopped.plan?.summary ?? "",
      )?.[1];
    expect(hash, stopped.plan?.summary).toBeDefined();
    // the job's log: the tool's own text, which guard and how to approve
    expect(stopped.plan?.log).toContain("A sync would stop before writing anything:");
    expect(stopped.plan?.log).toContain(
      `\`--approve-deletes ${hash ?? "?"}\` to let exactly this plan through`,
    );
    expect(stopped.plan?.summary).toContain("- **max-delete-percent**: ");
    expect(stopped.plan?.summary).toContain("- **shrink**: ");

    const approved = await runWorkflow(["plan", "apply", "drift"], hash);
    expect(approved.plan?.ok, approved.plan?.log).toBe(true);
    expect(approved.apply?.ok, approved.apply?.log).toBe(true);
    expect(approved.drift?.ok, approved.drift?.log).toBe(true);
    const report = JSON.parse(readFileSync(join(approved.plan?.workspace ?? "", "report.json"), "utf8")) as {
      planned: { delete: number };
    };
    expect(report.planned.delete).toBeGreaterThanOrEqual(19); // one of the twenty may be the disabled account
    expect(sim.contacts("E1001")).toHaveLength(49 - report.planned.delete);
  }, 60_000);
});
