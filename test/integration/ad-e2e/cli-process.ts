import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { repoRoot, type CliResult } from "../../helpers/cli.js";

const bin = join(repoRoot, "bin", "mbn-ad-sync.js");

/** The built CLI must exist: these tests run dist/, which `npm test` (or `npm run build`) produces. */
export function builtCliMissing(): string | undefined {
  return existsSync(join(repoRoot, "dist", "cli", "main.js"))
    ? undefined
    : "dist/cli/main.js is missing: run `npm run build` before the end-to-end tests";
}

/**
 * Like runCli (test/helpers/cli.ts), but hands the child to a watcher of its stderr, so a test can
 * pause it (SIGSTOP) at a chosen moment, change the world, and let it go on (SIGCONT).
 */
export function runCliWatched(
  args: string[],
  options: {
    env: Record<string, string | undefined>;
    onStderr: (soFar: string, child: ChildProcess) => void;
    timeoutMs?: number;
  },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: "1", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
      options.onStderr(stderr, child);
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
    }, options.timeoutMs ?? 60_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
