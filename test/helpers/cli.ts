import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The one way the tests run the built CLI (dist/, built by `npm test` before the suite) as a child process:
 * asynchronous, so a simulator running in the test process keeps answering; stdin closed; NO_COLOR set.
 */

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const bin = join(repoRoot, "bin", "mbn-ad-sync.js");

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Working directory; the repository root unless given. */
  cwd?: string;
  /** Added to (or, as undefined, removed from) this process's environment. */
  env?: Record<string, string | undefined>;
  /** SIGKILL after this long (default 60 s); the result then carries the signal. */
  timeoutMs?: number;
  /** Called with all of stderr so far each time more arrives, and the child, so a test can signal it mid-run. */
  onStderr?: (soFar: string, child: ChildProcess) => void;
}

export interface CliChild {
  child: ChildProcess;
  pid: number;
  /** stdout so far. */
  stdout(): string;
  /** stderr so far. */
  stderr(): string;
  /** Resolves when the process has exited, with everything it wrote. */
  result: Promise<CliResult>;
}

/** Runs the built CLI to its end. */
export async function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return startCli(args, options).result;
}

/** Starts the built CLI and hands back the running child, so a test can signal it (SIGTERM, SIGKILL) when it chooses. */
export function startCli(args: string[], options: CliOptions = {}): CliChild {
  return startNode(bin, args, options);
}

/** Runs a Node script of the repository (e.g. scripts/demo.mjs, which itself runs the built CLI) to its end. */
export async function runScript(script: string, options: CliOptions = {}): Promise<CliResult> {
  return startNode(join(repoRoot, script), [], options).result;
}

function startNode(file: string, args: string[], options: CliOptions): CliChild {
  const child = spawn(process.execPath, [file, ...args], {
    cwd: options.cwd ?? repoRoot,
    // A test's run must not append to the step summary of a GitHub Actions job running the suite.
    env: { ...process.env, NO_COLOR: "1", GITHUB_STEP_SUMMARY: undefined, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`cannot start ${file}`);
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => {
    stderr += d;
    options.onStderr?.(stderr, child);
  });
  const result = new Promise<CliResult>((resolve, reject) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, pid: child.pid, stdout: () => stdout, stderr: () => stderr, result };
}

/** Why the end-to-end tests cannot run: dist/ is missing (`npm test` or `npm run build` produces it). */
export function builtCliMissing(): string | undefined {
  return existsSync(join(repoRoot, "dist", "bundle", "mbn-ad-sync.js"))
    ? undefined
    : "dist/bundle/mbn-ad-sync.js is missing: run `npm run build` before the end-to-end tests";
}

/**
 * Polls `condition` every `intervalMs` until it holds; throws naming `what` (and `detail`, e.g. the child's
 * stderr) after `timeoutMs`, or at once when `abandon` (e.g. "the child has exited") holds first.
 */
export async function waitUntil(
  what: string,
  condition: () => boolean,
  options: { timeoutMs?: number; intervalMs?: number; abandon?: () => boolean; detail?: () => string } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const fail = (why: string) => new Error(`${why} waiting for ${what}\n${options.detail?.() ?? ""}`);
  while (!condition()) {
    if (options.abandon?.()) throw fail("gave up (the condition can no longer come true)");
    if (Date.now() > deadline) throw fail("timed out");
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 10));
  }
}
