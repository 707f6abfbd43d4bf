import { readState, writeState } from "../../src/state/index.js";
import { join } from "node:path";
import { measure } from "./measure.js";
import { runCli, type CliRun } from "./run-cli.js";
import { ms, type BenchRow } from "./table.js";
import type { Workspace } from "./workspace.js";

const MB = 1024 * 1024;
export const mb = (bytes: number): string => `${Math.round(bytes / MB).toLocaleString("en-US")} MB`;
const verdict = (ok: boolean): string => (ok ? "met" : "MISSED");

/** What one dry run costs and where its time went (the stage-end lines of --log-format json). */
export interface DryRun extends CliRun {
  stages: Record<string, number>;
}

export async function dryRun(
  ws: Workspace,
  output: "json" | "text",
  maxOldSpaceMb?: number,
): Promise<DryRun> {
  const args = ["sync", "--dry-run", "--config", ws.configFile, "--log-format", "json"];
  const run = await runCli([...args, ...(output === "json" ? ["--json"] : [])], ws.env, {
    workDir: ws.dir,
    ...(maxOldSpaceMb ? { maxOldSpaceMb } : {}),
  });
  if (run.exitCode !== 0 && run.exitCode !== 2) {
    throw new Error(`sync --dry-run exited ${run.exitCode}:\n${run.stderr.slice(-2000)}`);
  }
  const stages: Record<string, number> = {};
  for (const line of run.stderr.split("\n")) {
    if (!line.startsWith("{")) continue;
    const event = JSON.parse(line) as { event?: string; stage?: string; durationMs?: number };
    if (event.event === "stage-end" && event.stage) stages[event.stage] = event.durationMs ?? 0;
  }
  return { ...run, stages };
}

/** "source 1,234 ms, mbn 12 ms, …": where a run's time went. */
export const stageText = (run: DryRun): string =>
  Object.entries(run.stages)
    .map(([stage, took]) => `${stage} ${ms(took)}`)
    .join(", ");

/** One row for a dry run of `users` users against the goals of wall time and peak RSS. */
export function dryRunRow(what: string, run: DryRun, goal: { wallMs?: number; rssBytes: number }): BenchRow {
  const wallOk = goal.wallMs === undefined || run.wallMs <= goal.wallMs;
  const rssOk = run.peakRssBytes <= goal.rssBytes;
  const wallGoal = goal.wallMs === undefined ? "" : `<= ${goal.wallMs / 1000} s and `;
  return {
    measure: what,
    value: `${ms(run.wallMs)}, ${mb(run.peakRssBytes)}`,
    note:
      `goal ${wallGoal}<= ${mb(goal.rssBytes)}: ${verdict(wallOk && rssOk)}; ` +
      `${stageText(run)}; stdout ${mb(run.stdoutBytes)}`,
  };
}

/**
 * Reads and writes the workspace's state as an idle run does: state.json and its mirror.json read, then
 * saved with the same contacts (so only state.json is written; the mirror is left as it is).
 */
export async function stateFileCost(
  ws: Workspace,
): Promise<{ loadMs: number; saveMs: number; contacts: number }> {
  const file = join(ws.stateDir, "state.json");
  const load = await measure(() => readState(file));
  const state = load.result.state;
  if (!state) throw new Error(`no usable state in ${file}: ${load.result.problem ?? "missing"}`);
  const save = await measure(() => writeState(file, state));
  return { loadMs: load.wallMs, saveMs: save.wallMs, contacts: state.contacts.length };
}
