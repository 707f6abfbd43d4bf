import { spawn } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const probe = fileURLToPath(new URL("./peak-rss.mjs", import.meta.url));

export interface CliRun {
  exitCode: number;
  wallMs: number;
  /** Peak resident set size of the CLI's process. */
  peakRssBytes: number;
  stdoutBytes: number;
  stderr: string;
}

/**
 * Runs the built CLI (dist/, as an operator runs it) with `args`, stdout read through a pipe and
 * counted, and measures its wall time and peak RSS (reported by peak-rss.mjs as the process exits).
 */
export async function runCli(
  args: readonly string[],
  env: Record<string, string>,
  options: { maxOldSpaceMb?: number; workDir: string },
): Promise<CliRun> {
  const rssFile = join(options.workDir, `rss-${process.hrtime.bigint()}`);
  const node = [
    ...(options.maxOldSpaceMb ? [`--max-old-space-size=${options.maxOldSpaceMb}`] : []),
    "--import",
    probe,
  ];
  const started = performance.now();
  const child = spawn(process.execPath, [...node, join(root, "bin", "mbn-ad-sync.js"), ...args], {
    env: { ...process.env, ...env, MBN_BENCH_RSS_FILE: rssFile, CI: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdoutBytes = 0;
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdoutBytes += chunk.length));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      resolve(code ?? 1);
    });
  });
  const wallMs = performance.now() - started;
  const peakRssBytes = Number(await readFile(rssFile, "utf8").catch(() => "0"));
  await rm(rssFile, { force: true });
  return { exitCode, wallMs, peakRssBytes, stdoutBytes, stderr };
}
