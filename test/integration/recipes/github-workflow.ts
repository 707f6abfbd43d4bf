/**
 * Runs the jobs of a GitHub Actions workflow the way a self-hosted runner would, as far as the recipe needs:
 * each job in a fresh workspace; `actions/checkout` copies the repository into it; `actions/upload-artifact`
 * and `actions/download-artifact` keep and bring back files by artifact name; `run:` steps go through
 * `bash --noprofile --norc -eo pipefail` (GitHub's default shell) with the workflow's, job's and step's env;
 * a failed step skips the rest except those with `if: always()`. Every `${{ … }}` must be one the caller gives
 * a value for, and any other `uses:` is an error: a step added to the recipe has to be taught here first.
 * Job-level `if:` is not evaluated: the caller says which jobs run, in order.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { baseEnv, run } from "./pipeline-repo.js";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, unknown>;
  with?: Record<string, string>;
}

interface Job {
  needs?: string | string[];
  env?: Record<string, unknown>;
  steps: Step[];
}

export interface Workflow {
  env?: Record<string, unknown>;
  jobs: Record<string, Job>;
}

export interface JobResult {
  ok: boolean;
  /** What the steps printed, and which step failed. */
  log: string;
  /** What the job wrote to $GITHUB_STEP_SUMMARY. */
  summary: string;
  workspace: string;
}

export function readWorkflow(file: string): Workflow {
  return parse(readFileSync(file, "utf8")) as Workflow;
}

export interface RunnerOptions {
  /** The repository checked out into each job's workspace. */
  repo: string;
  /** Scratch space: workspaces and artifacts. */
  scratch: string;
  /** The value of each `${{ expression }}` the workflow uses, by the expression's text. */
  expressions: Record<string, string>;
  /** Overrides of the workflow's env (e.g. MBN_AD_SYNC pointed at the built CLI). */
  env: Record<string, string>;
}

function substitute(text: string, expressions: Record<string, string>): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => {
    const value = expressions[expression];
    if (value === undefined) throw new Error(`the test gives no value for \${{ ${expression} }}`);
    return value;
  });
}

const substituteAll = (env: Record<string, unknown> | undefined, expressions: Record<string, string>) =>
  Object.fromEntries(Object.entries(env ?? {}).map(([k, v]) => [k, substitute(String(v), expressions)]));

export async function runJob(workflow: Workflow, name: string, options: RunnerOptions): Promise<JobResult> {
  const job = workflow.jobs[name];
  if (!job) throw new Error(`no job ${name}`);
  const workspace = join(options.scratch, "workspaces", name);
  const artifacts = join(options.scratch, "artifacts");
  const summaryFile = join(options.scratch, `summary-${name}.md`);
  mkdirSync(workspace, { recursive: true });
  writeFileSync(summaryFile, "");
  let log = "";
  let failed = false;
  for (const step of job.steps) {
    if (failed && step.if !== "always()") continue;
    if (step.run !== undefined) {
      const env = baseEnv({
        ...substituteAll(workflow.env, options.expressions),
        ...options.env,
        ...substituteAll(job.env, options.expressions),
        ...substituteAll(step.env, options.expressions),
        CI: "true",
        GITHUB_ACTIONS: "true",
        GITHUB_WORKSPACE: workspace,
        GITHUB_STEP_SUMMARY: summaryFile,
      });
      const script = substitute(step.run, options.expressions);
      const result = await run(
        "bash",
        ["--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        workspace,
        env,
      );
      log += `── ${step.name ?? step.run.split("\n")[0]}\n${result.output}`;
      if (result.code !== 0) {
        log += `(exit ${result.code})\n`;
        failed = true;
      }
    } else if (step.uses?.startsWith("actions/checkout@")) {
      cpSync(options.repo, workspace, { recursive: true, filter: (src) => !src.endsWith("/.git") });
    } else if (step.uses?.startsWith("actions/upload-artifact@")) {
      const into = join(artifacts, String(step.with?.name));
      mkdirSync(into, { recursive: true });
      for (const path of String(step.with?.path)
        .split("\n")
        .map((p) => p.trim())
        .filter(Boolean)) {
        if (existsSync(join(workspace, path))) cpSync(join(workspace, path), join(into, path));
      }
    } else if (step.uses?.startsWith("actions/download-artifact@")) {
      const from = join(artifacts, String(step.with?.name));
      for (const file of readdirSync(from)) cpSync(join(from, file), join(workspace, file));
    } else {
      throw new Error(`job ${name}: the test runner does not know the step ${JSON.stringify(step)}`);
    }
  }
  return { ok: !failed, log, summary: readFileSync(summaryFile, "utf8"), workspace };
}
