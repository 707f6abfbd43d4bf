/**
 * The scheduler recipes of docs/scheduling.md: the systemd units verified by `systemd-analyze verify` and the
 * service's command run with what systemd gives it; the cron wrapper run against the simulator; the exit-code
 * tables of the cron wrapper and the Windows script against the tool's exit codes. The PowerShell script is
 * only reviewed: there is no PowerShell on this machine (docs/scheduling.md says so).
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExitCode } from "../../../src/model/exit-code.js";
import { startSimulator, type RunningSimulator } from "../../../src/simulator/index.js";
import { repoRoot } from "../../helpers/cli.js";
import { demoLdif } from "../../helpers/sync-config.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";
import { baseEnv, cliCommand, run } from "./pipeline-repo.js";

const example = (path: string) => join(repoRoot, "examples", path);
const service = readFileSync(example("systemd/mbn-ad-sync.service"), "utf8");

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});

afterAll(async () => {
  await sim.close();
  await removeTempDirs();
});

/** Secrets as files, the way the systemd and cron recipes hand them over; returns the directory. */
async function secretFiles(password = "demo-password"): Promise<string> {
  const dir = await tempDir("mbn-secrets-");
  writeFileSync(join(dir, "mbn-client-secret"), "demo-secret\n", { mode: 0o600 });
  writeFileSync(join(dir, "mbn-password"), `${password}\n`, { mode: 0o600 });
  return dir;
}

function ldifConfig(dir: string, lines: string[]): string {
  const file = join(dir, "mbn-ad-sync.yaml");
  const config = ["source:", "  type: ldif", `  file: ${demoLdif}`, "mbn:", `  baseUrl: ${sim.url}`];
  config.push("  clientId: demo-client", "  username: api-user-1", "  requestsPerSecond: 200", ...lines);
  writeFileSync(file, config.join("\n") + "\n");
  return file;
}

describe("the systemd recipe", () => {
  it("verifies with systemd-analyze, without a warning", async () => {
    // Debian's systemd package; .ci/run installs it where it is missing, so this never skips.
    const units = ["mbn-ad-sync.service", "mbn-ad-sync.timer"].map((u) => example(`systemd/${u}`));
    const result = await run("systemd-analyze", ["verify", ...units], repoRoot, baseEnv({}));
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  });

  it("is hardened as docs/scheduling.md says, with the secrets as credentials and a state directory", () => {
    for (const line of [
      "NoNewPrivileges=yes",
      "ProtectSystem=strict",
      "StateDirectory=mbn-ad-sync",
      "StateDirectoryMode=0700",
      "DynamicUser=yes",
      "LoadCredential=mbn-password:/etc/mbn-ad-sync/credentials/mbn-password",
      "SuccessExitStatus=5",
    ]) {
      expect(service.split("\n")).toContain(line);
    }
    expect(readFileSync(example("systemd/mbn-ad-sync.timer"), "utf8")).toContain("OnCalendar=*:0/15");
  });

  it("runs its ExecStart, with the configuration keys its comment gives, as systemd would start it", async () => {
    const credentials = await secretFiles();
    const stateRoot = await tempDir("mbn-systemd-state-");
    const stateDir = join(stateRoot, "mbn-ad-sync");
    mkdirSync(stateDir, { mode: 0o700 });
    // The comment's "key: ${env:…}" lines, as they go into the configuration (the LDAP one has no LDIF use).
    const keys = [...service.matchAll(/^#\s+(mbn\.\w+|state\.dir):\s+(\S+)$/gm)].map((m) => [m[1], m[2]]);
    expect(keys.map(([key]) => key)).toEqual(["mbn.clientSecretFile", "mbn.passwordFile", "state.dir"]);
    const value = (key: string) => keys.find(([k]) => k === key)?.[1] ?? "";
    const config = ldifConfig(await tempDir("mbn-systemd-etc-"), [
      `  clientSecretFile: ${value("mbn.clientSecretFile")}`,
      `  passwordFile: ${value("mbn.passwordFile")}`,
      "state:",
      `  dir: ${value("state.dir")}`,
    ]);
    // ExecStart with the built CLI for node + the installed package, and the test's configuration file.
    const execStart = /^ExecStart=(.*)$/m.exec(service)?.[1] ?? "";
    const [node, script, ...args] = execStart.split(" ");
    expect([node, script]).toEqual(["/usr/bin/node", "/usr/lib/node_modules/mbn-ad-sync/bin/mbn-ad-sync.js"]);
    const argv = args.map((a) =>
      a === "/etc/mbn-ad-sync/mbn-ad-sync.yaml" ? config : a.replace("${STATE_DIRECTORY}", stateDir),
    );
    const env = baseEnv({ CREDENTIALS_DIRECTORY: credentials, STATE_DIRECTORY: stateDir });
    const result = await run("sh", ["-c", `${cliCommand} "$@"`, "sh", ...argv], stateRoot, env);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/created 49, updated 0, deleted 0/);
    expect(statSync(join(stateDir, "last-report.json")).mode & 0o777).toBe(0o600);
    expect(existsSync(join(stateDir, "state.json"))).toBe(true);
  });
});

describe("the cron recipe", () => {
  const wrapper = example("cron/mbn-ad-sync-cron.sh");

  it("runs the wrapper every 15 minutes as the user mbn-ad-sync", () => {
    const crontab = readFileSync(example("cron/mbn-ad-sync"), "utf8");
    expect(crontab).toMatch(
      /^\*\/15 \* \* \* \* mbn-ad-sync \/usr\/local\/lib\/mbn-ad-sync\/mbn-ad-sync-cron\.sh$/m,
    );
    expect(statSync(wrapper).mode & 0o111).not.toBe(0);
  });

  it("prints nothing (no mail) on success and logs the run; prints the exit code's meaning otherwise", async () => {
    const dir = await tempDir("mbn-cron-");
    const env = (config: string) =>
      baseEnv({
        MBN_AD_SYNC: cliCommand,
        MBN_AD_SYNC_CONFIG: config,
        MBN_AD_SYNC_LOG: join(dir, "sync.log"),
        MBN_AD_SYNC_REPORT: join(dir, "last-report.json"),
      });
    const good = await secretFiles();
    const lines = (secrets: string) => [
      `  clientSecretFile: ${secrets}/mbn-client-secret`,
      `  passwordFile: ${secrets}/mbn-password`,
      "state:",
      `  dir: ${join(dir, "state")}`,
    ];
    const config = ldifConfig(await tempDir("mbn-cron-etc-"), lines(good));

    const ok = await run(wrapper, [], dir, env(config));
    expect(ok).toEqual({ code: 0, output: "" });
    const log = readFileSync(join(dir, "sync.log"), "utf8");
    expect(log).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ exit 0\n/);
    expect(log).toMatch(/Plan [0-9a-f]{12}: /); // the summary (the systemd test made the contacts already)
    expect(statSync(join(dir, "last-report.json")).mode & 0o777).toBe(0o600);

    const refused = ldifConfig(await tempDir("mbn-cron-etc-"), lines(await secretFiles("wrong-password")));
    const failed = await run(wrapper, [], dir, env(refused));
    expect(failed.code).toBe(ExitCode.unavailable);
    expect(failed.output).toMatch(/^mbn-ad-sync sync exited 69: LDAP or MBN cannot be reached/);
    expect(readFileSync(join(dir, "sync.log"), "utf8")).toMatch(/exit 69\n/);
  });
});

describe("the exit-code tables", () => {
  const codes = Object.values(ExitCode).filter((c) => c !== ExitCode.changesPending); // --check's only

  it("the cron wrapper mails every code but 0 and 5, each with its meaning", () => {
    const script = readFileSync(example("cron/mbn-ad-sync-cron.sh"), "utf8");
    expect(script).toContain("  0 | 5) exit");
    for (const code of codes.filter((c) => c !== ExitCode.ok && c !== ExitCode.locked)) {
      expect(script).toMatch(new RegExp(`^  ${code}\\) meaning=`, "m"));
    }
  });

  it("the Windows script names each code as Task Scheduler shows it (hex)", () => {
    const script = readFileSync(example("windows/register-task.ps1"), "utf8");
    for (const code of codes) expect(script).toContain(`0x${code.toString(16).toUpperCase()} `);
  });
});
