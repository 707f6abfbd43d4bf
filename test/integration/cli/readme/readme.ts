import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startSimulator, type RunningSimulator } from "../../../../src/simulator/index.js";
import { repoRoot, runCli, type CliOptions, type CliResult } from "../../../helpers/cli.js";
import { demoLdif } from "../../../helpers/sync-config.js";
import { tempDir } from "../../../helpers/temp-dir.js";

/** The README as the tests read it: its sections, code blocks, commands and options, parsed from the text. */

export const readme = readFileSync(join(repoRoot, "README.md"), "utf8");

/** The text under a `##`/`###` heading, up to the next heading of the same or a higher level. */
export function section(title: string): string {
  const match = new RegExp(`^(#+) ${title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`, "m").exec(readme);
  if (!match?.[1]) throw new Error(`README has no heading "${title}"`);
  const rest = readme.slice(match.index + match[0].length);
  const next = new RegExp(`^#{1,${match[1].length}} `, "m").exec(rest);
  return next ? rest.slice(0, next.index) : rest;
}

/** The fenced code blocks of a text, in order, with their language. */
export function codeBlocks(text: string, language: string): string[] {
  return [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)]
    .filter((m) => m[1] === language)
    .map((m) => m[2] ?? "");
}

export interface ShellStep {
  line: string;
  /** The arguments after `mbn-ad-sync` (npx or not); undefined for an `export`. */
  args?: string[];
  /** `export A=x B=y`. */
  env?: Record<string, string>;
  /** Ends with `&`: started, left running. */
  background: boolean;
  /** The exit code the line's comment states as `(exit N)`; 0 otherwise. */
  expect: number;
}

/**
 * The lines of a shell block that this tool runs: `mbn-ad-sync …` (or `npx mbn-ad-sync …`) and `export`;
 * other lines (git, npm, cd) are not the tool's and are left to the tests of packaging.
 */
export function shellSteps(block: string): ShellStep[] {
  const steps: ShellStep[] = [];
  for (const raw of block.split("\n")) {
    const comment = /\s#\s.*$/.exec(raw)?.[0] ?? "";
    const code = raw.slice(0, raw.length - comment.length).trim();
    const expect = Number(/\(exit (\d+)\)/.exec(comment)?.[1] ?? 0);
    if (code.startsWith("export ")) {
      const env: Record<string, string> = {};
      for (const pair of code.slice(7).trim().split(/\s+/)) {
        const [name, value] = pair.split("=");
        if (name && value !== undefined) env[name] = value;
      }
      steps.push({ line: raw, env, background: false, expect });
      continue;
    }
    const tool = /^(?:npx )?mbn-ad-sync\b(.*)$/.exec(code);
    if (!tool) continue;
    const background = code.endsWith("&");
    const args = (tool[1] ?? "").replace(/&$/, "").trim().split(/\s+/).filter(Boolean);
    steps.push({ line: raw, args, background, expect });
  }
  return steps;
}

export interface OptionSpec {
  /** As written: `-n, --dry-run` or `--approve-deletes HASH`. */
  text: string;
  short?: string;
  long: string;
  /** The value's placeholder (HASH, FILE, N…), when the option takes one. */
  value?: string;
}

export interface CommandRow {
  command: string;
  options: OptionSpec[];
}

/** The rows of the README's command table: each command and the options it lists. */
export function commandTable(): CommandRow[] {
  const rows: CommandRow[] = [];
  for (const line of section("Commands").split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    const command = /^`mbn-ad-sync (\w+)/.exec(cells[1] ?? "")?.[1];
    if (!command) continue;
    const options = [...(cells[2] ?? "").matchAll(/`([^`]+)`/g)].map((m) => parseOption(m[1] ?? ""));
    rows.push({ command, options });
  }
  return rows;
}

function parseOption(text: string): OptionSpec {
  const match = /^(?:(-\w), )?(--[\w-]+)(?: (\S+))?$/.exec(text);
  if (!match?.[2]) throw new Error(`README option "${text}" is not of the form "-x, --long VALUE"`);
  return {
    text,
    long: match[2],
    ...(match[1] ? { short: match[1] } : {}),
    ...(match[3] ? { value: match[3] } : {}),
  };
}

/** The options a command's `--help` lists (long forms), without --help itself. */
export function helpOptions(help: string): string[] {
  return [...help.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)]
    .map((m) => m[1] ?? "")
    .filter((o) => o !== "--help");
}

/** The README's minimal LDIF configuration (section "Trying it"), as written there. */
export function trialConfig(): string {
  const yaml = codeBlocks(section("Trying it: an LDIF export and the simulator"), "yaml")[0];
  if (!yaml) throw new Error('README section "Trying it" has no yaml block');
  return yaml;
}

export const trialEnv = { MBN_CLIENT_SECRET: "demo-secret", MBN_PASSWORD: "demo-password" };

export interface Sandbox {
  dir: string;
  config: string;
  sim: RunningSimulator;
  /** Runs the CLI in the sandbox (cwd = dir) with the trial's secrets in the environment. */
  run(args: string[], options?: CliOptions): Promise<CliResult>;
}

/**
 * A directory holding the README's trial configuration and the demo LDIF as `users.ldif`, against a
 * simulator of its own. The one change to the README's text: the simulator's port, and `requestsPerSecond`
 * raised so that the tests do not wait on the polite default.
 */
export async function sandbox(extraYaml = ""): Promise<Sandbox> {
  const dir = await tempDir("mbn-readme-");
  const sim = await startSimulator({ port: 0 });
  copyFileSync(demoLdif, join(dir, "users.ldif"));
  const yaml = trialConfig()
    .replace("http://127.0.0.1:8080", sim.url)
    .replace(/^mbn:\n/m, "mbn:\n  requestsPerSecond: 500\n");
  const config = join(dir, "mbn-ad-sync.yaml");
  writeFileSync(config, yaml + extraYaml);
  return {
    dir,
    config,
    sim,
    run: (args, options = {}) => runCli(args, { cwd: dir, ...options, env: { ...trialEnv, ...options.env } }),
  };
}

/** The 12-character plan hash a text report's summary line prints. */
export function printedHash(stdout: string): string {
  const hash = /\bPlan ([0-9a-f]{12})\b/.exec(stdout)?.[1];
  if (!hash) throw new Error(`no plan hash in:\n${stdout}`);
  return hash;
}
