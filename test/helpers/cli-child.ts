import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { repoRoot, type CliResult } from "./cli.js";

const bin = join(repoRoot, "bin", "mbn-ad-sync.js");

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

/**
 * Starts the built CLI (dist/) like runCli (cli.ts), but hands back the running child, so a test can
 * signal it (SIGTERM, SIGKILL) at the moment it chooses.
 */
export function startCli(
  args: string[],
  options: { env?: Record<string, string | undefined>; timeoutMs?: number } = {},
): CliChild {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`cannot start ${bin}`);
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
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
