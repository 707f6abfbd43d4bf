/**
 * The single executables of `npm run package` (run by `npm run test:package`, not by `npm test`). The Linux one
 * runs the demo sync with nothing on its PATH; the Windows one cannot run here and is checked to carry the blob.
 */
import { execFile } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../../src/simulator/index.js";
import { repoRoot } from "../../helpers/cli.js";
import { demoLdif, simulatorEnv, simulatorMbnLines } from "../../helpers/sync-config.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";

const run = promisify(execFile);
const FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";
const linuxExe = join(repoRoot, "dist-sea", "mbn-ad-sync-linux-x64");
const windowsExe = join(repoRoot, "dist-sea", "mbn-ad-sync-win-x64.exe");
const blobFile = join(repoRoot, "dist-sea", "build", "sea-prep.blob");
const { version } = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string };

let sim: RunningSimulator;
let dir: string;
/** An empty directory: the executable's whole PATH, so no node can be found there. */
let emptyPath: string;
/** The executable's TMPDIR, where it lays out the files it ships while it runs. */
let tmp: string;

beforeAll(async () => {
  await run(process.execPath, [join(repoRoot, "scripts", "package.mjs")], { cwd: repoRoot });
  sim = await startSimulator({ port: 0 });
  [dir, emptyPath, tmp] = await Promise.all([tempDir("mbn-sea-"), tempDir("mbn-path-"), tempDir("mbn-tmp-")]);
});
afterAll(async () => {
  await sim.close();
  await removeTempDirs();
});

/** Runs the Linux executable in `dir` with only the given environment: no PATH entry holding anything. */
async function exe(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(linuxExe, args, {
      cwd: dir,
      env: { PATH: emptyPath, TMPDIR: tmp, NO_COLOR: "1", ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof e.code !== "number") throw error;
    return { code: e.code, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

function writeConfig(file: string, lines: string[]): string {
  const path = join(dir, file);
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}

describe("the Linux single executable", () => {
  it("prints the package's version, with no Node.js on its PATH", async () => {
    const result = await exe(["--version"]);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("syncs the demo directory into the simulator with the mapping it carries, and leaves no files behind", async () => {
    const config = writeConfig("demo.yaml", [
      "source:",
      "  type: ldif",
      `  file: ${demoLdif}`,
      ...simulatorMbnLines(sim.url),
      "state:",
      "  dir: ./state",
    ]);
    const sync = await exe(["sync", "--config", config], simulatorEnv);
    expect(sync.stdout).toMatch(/Created 49 contacts/);
    expect(sync.code).toBe(0);
    expect(sim.contacts("E1001")).toHaveLength(49);

    const again = await exe(["sync", "--check", "--config", config], simulatorEnv);
    expect(again.stdout).toContain("MBN is in step with the directory: nothing to do.");
    expect(again.code).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("loads a JavaScript config and a mapping's transformsModule from disk, and names TypeScript as what it cannot load", async () => {
    const mapping = readFileSync(join(repoRoot, "mappings", "active-directory.yaml"), "utf8");
    writeFileSync(join(dir, "mapping.yaml"), `${mapping}\ntransformsModule: ./transforms.js\n`);
    writeFileSync(join(dir, "transforms.js"), "export default { shout: (value) => value.toUpperCase() };\n");
    const mbn = {
      baseUrl: sim.url,
      clientId: "demo-client",
      clientSecret: "${env:MBN_TEST_SECRET}",
      username: "api-user-1",
      password: "${env:MBN_TEST_PASSWORD}",
    };
    const js = {
      source: { type: "ldif", file: demoLdif },
      mapping: "./mapping.yaml",
      mbn,
      state: { dir: "./state-js" },
    };
    writeFileSync(join(dir, "mbn-ad-sync.config.mjs"), `export default ${JSON.stringify(js)};\n`);
    const check = await exe(["check"], simulatorEnv);
    expect(check.stdout).toContain(`✓ Configuration: loaded ${join(dir, "mbn-ad-sync.config.mjs")}`);
    expect(check.stdout).toMatch(/✓ Mapping: .*mapping\.yaml: manages /);
    expect(check.code).toBe(0);

    const ts = writeConfig("config.ts", ["export default {};"]);
    const result = await exe(["check", "--config", ts]);
    expect(result.stdout + result.stderr).toContain(
      'the single executable cannot load "typescript": a TypeScript configuration needs mbn-ad-sync installed with npm',
    );
    expect(result.code).toBe(78);
  });
});

describe("the Windows single executable", () => {
  it("is Node's win-x64 binary carrying the same blob, its fuse flipped", () => {
    const exeBytes = readFileSync(windowsExe);
    const blob = readFileSync(blobFile);
    expect(exeBytes.subarray(0, 2).toString("latin1")).toBe("MZ");
    expect(exeBytes.indexOf(`${FUSE}:1`)).toBeGreaterThan(0);
    expect(exeBytes.indexOf(`${FUSE}:0`)).toBe(-1);
    expect(exeBytes.indexOf(Buffer.from("NODE_SEA_BLOB", "utf16le"))).toBeGreaterThan(0);
    expect(exeBytes.indexOf(blob)).toBeGreaterThan(0);
    expect(readFileSync(linuxExe).indexOf(blob)).toBeGreaterThan(0);
  });
});
