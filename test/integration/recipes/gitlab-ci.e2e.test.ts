/**
 * examples/ci/gitlab-ci.yml, run end to end by gitlab-ci-local (shell executor, each job in its own copy of the
 * repository, artifacts handed from job to job) against the simulator, as a scheduled pipeline: the plan job,
 * the manual apply job (pressed: --manual apply), then the drift job. One run of the three jobs: it is the
 * slowest test here.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SyncReport } from "../../../src/report/index.js";
import { startSimulator, type RunningSimulator } from "../../../src/simulator/index.js";
import { repoRoot } from "../../helpers/cli.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";
import { jsonCounts, markdownCounts } from "../../unit/report/markdown-counts.js";
import { baseEnv, cliCommand, makePipelineRepo, run, secrets } from "./pipeline-repo.js";

const gitlabCiLocal = join(repoRoot, "node_modules/gitlab-ci-local/src/index.js");

let sim: RunningSimulator;
let dir: string;
let stateDir: string;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  dir = await tempDir("mbn-gitlab-");
  stateDir = await tempDir("mbn-gitlab-state-");
  await makePipelineRepo(dir, sim.url, "examples/ci/gitlab-ci.yml", ".gitlab-ci.yml");
});

afterAll(async () => {
  await sim.close();
  await removeTempDirs();
});

describe("the GitLab CI recipe", () => {
  it("plans on a schedule, applies that plan when the manual job is run, and the drift job is green", async () => {
    const variables = { ...secrets, MBN_AD_SYNC: cliCommand, MBN_AD_SYNC_STATE_DIR: stateDir };
    const args = [
      gitlabCiLocal,
      "--shell-isolation",
      "--shell-executor-no-image",
      "--manual",
      "apply",
      "--variable",
      "CI_PIPELINE_SOURCE=schedule",
      ...Object.entries(variables).flatMap(([key, value]) => ["--variable", `${key}=${value}`]),
    ];
    const result = await run(process.execPath, args, dir, baseEnv({}));

    expect(result.output).toMatch(/PASS\s+plan/);
    expect(result.output).toMatch(/PASS\s+apply/);
    expect(result.output).toMatch(/PASS\s+drift/);
    expect(result.code, result.output).toBe(0);

    // The plan job's artifacts: the plan, the JSON report and the Markdown summary of the same run (each 0600).
    const artifacts = join(dir, ".gitlab-ci-local/artifacts");
    const report = JSON.parse(readFileSync(join(artifacts, "plan/report.json"), "utf8")) as SyncReport;
    expect(report.planned.create).toBe(49);
    expect(statSync(join(artifacts, "plan/report.json")).mode & 0o777).toBe(0o600);
    expect(statSync(join(artifacts, "plan/plan.json")).isFile()).toBe(true);
    const summary = readFileSync(join(artifacts, "plan/summary.md"), "utf8");
    expect(summary).toContain(
      `Plan \`${report.planHash.slice(0, 12)}\`: 49 to create, 0 to update, 0 to delete.`,
    );
    expect(statSync(join(artifacts, "plan/summary.md")).mode & 0o777).toBe(0o600);
    expect(markdownCounts(summary)).toEqual(jsonCounts(report));

    // The apply job wrote exactly that plan, and the drift job found MBN in step.
    expect(sim.contacts("E1001")).toHaveLength(49);
    const applied = JSON.parse(readFileSync(join(artifacts, "apply/apply-report.json"), "utf8")) as {
      planHash: string;
      summary: { create: number };
    };
    expect(applied).toMatchObject({ planHash: report.planHash, summary: { create: 49 } });
    expect(readFileSync(join(artifacts, "drift/drift-summary.md"), "utf8")).toContain(
      "0 to create, 0 to update, 0 to delete",
    );
  }, 120_000);
});
