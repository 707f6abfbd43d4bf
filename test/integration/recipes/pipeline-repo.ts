/**
 * The repository an administrator keeps for a CI recipe (examples/ci/), made in a temp dir: an LDIF
 * configuration for the simulator whose secrets come from the environment as the recipes pass them, the demo
 * users, a package.json with its lock, and the pipeline file; committed to git (the
 * GitLab runner copies what git tracks). The recipes run the tool as $MBN_AD_SYNC: here the built CLI.
 */
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../../helpers/cli.js";
import { demoLdif } from "../../helpers/sync-config.js";

/** The command the recipes run as $MBN_AD_SYNC: the built CLI with this Node. */
export const cliCommand = `${process.execPath} ${join(repoRoot, "bin", "mbn-ad-sync.js")}`;

/** The CI variables (secrets) the recipes hand to the tool, with the simulator's fixed credentials. */
export const secrets = {
  LDAP_BIND_PASSWORD: "not-used-by-an-ldif-source",
  MBN_CLIENT_ID: "demo-client",
  MBN_CLIENT_SECRET: "demo-secret",
  MBN_USERNAME: "api-user-1",
  MBN_PASSWORD: "demo-password",
};

export interface RunResult {
  code: number | null;
  output: string;
}

/** Runs a program to its end without blocking this process (the simulator in it keeps answering). */
export function run(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (output += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => {
      resolve({ code, output });
    });
  });
}

/** A plain environment for the recipe's processes: no CI or GitHub variables of the machine running the tests. */
export function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, LANG: "C.UTF-8", NO_COLOR: "1", ...extra };
}

/** Writes the pipeline repository into dir; pipelineFile is where the recipe goes (e.g. .gitlab-ci.yml). */
export async function makePipelineRepo(dir: string, baseUrl: string, recipe: string, pipelineFile: string) {
  copyFileSync(demoLdif, join(dir, "users.ldif"));
  mkdirSync(join(dir, pipelineFile, ".."), { recursive: true });
  copyFileSync(join(repoRoot, recipe), join(dir, pipelineFile));
  writeFileSync(
    join(dir, "mbn-ad-sync.yaml"),
    [
      "source:",
      "  type: ldif",
      "  file: ./users.ldif",
      "mbn:",
      `  baseUrl: ${baseUrl}`,
      "  clientId: ${env:MBN_CLIENT_ID}",
      "  clientSecret: ${env:MBN_CLIENT_SECRET}",
      "  username: ${env:MBN_USERNAME}",
      "  password: ${env:MBN_PASSWORD}",
      "  requestsPerSecond: 200",
      "state:",
      "  dir: ${env:MBN_AD_SYNC_STATE_DIR}",
      "",
    ].join("\n"),
  );
  // What `npm ci` in the recipes installs; here nothing, as $MBN_AD_SYNC is the built CLI.
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "mbn-pipeline", version: "1.0.0", private: true }),
  );
  writeFileSync(
    join(dir, "package-lock.json"),
    JSON.stringify({
      name: "mbn-pipeline",
      version: "1.0.0",
      lockfileVersion: 3,
      requires: true,
      packages: { "": { name: "mbn-pipeline", version: "1.0.0" } },
    }),
  );
  const git = (...args: string[]) =>
    run("git", ["-c", "user.name=CI", "-c", "user.email=ci@example.com", ...args], dir, baseEnv({}));
  for (const args of [
    ["init", "-q", "-b", "main"],
    ["add", "-A"],
    ["commit", "-q", "-m", "pipeline"],
  ]) {
    const result = await git(...args);
    if (result.code !== 0) throw new Error(`git ${args.join(" ")}: ${result.output}`);
  }
}
