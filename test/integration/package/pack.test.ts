import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../../src/simulator/index.js";
import { repoRoot } from "../../helpers/cli.js";
import { removeTempDirs } from "../../helpers/temp-dir.js";
import { demoLdif, simulatorEnv, simulatorMbnLines } from "../../helpers/sync-config.js";
import { npx, packAndInstall, workingTreeFiles, type Packed } from "./packed.js";

let packed: Packed;
let sim: RunningSimulator;

beforeAll(async () => {
  [packed, sim] = await Promise.all([packAndInstall(), startSimulator({ port: 0 })]);
}, 240_000);
afterAll(async () => {
  await sim.close();
  await removeTempDirs();
});

/**
 * What the tool needs at run time, and nothing else: the bundle of the built modules (scripts/bundle.mjs; the
 * same files as the suite's own build, esbuild's output being the same for the same input), the shipped
 * files, and the OpenAPI document `check --contract` validates MBN's answers against (read where it lies in src/).
 */
async function expectedFiles(): Promise<string[]> {
  const tree = await workingTreeFiles();
  const built = readdirSync(join(repoRoot, "dist", "bundle")).map((f) => `dist/bundle/${f}`);
  expect(built).toContain("dist/bundle/mbn-ad-sync.js");
  const shipped = tree.filter((f) => f.startsWith("mappings/") || /^(LICENSE|README)(\.\w+)?$/.test(f));
  return [
    ...built,
    ...shipped,
    "bin/mbn-ad-sync.js",
    "mbn-ad-sync.schema.json",
    "package.json",
    "src/mbn/openapi.yaml",
  ].sort();
}

describe("the packed package, installed into an empty directory", () => {
  it("holds the bundled CLI, the shipped mappings and schemas, the README, and nothing else", async () => {
    expect(packed.files).toEqual(await expectedFiles());
    const sources = /\.(ts|map)$|^(src\/(?!mbn\/openapi\.yaml$)|test\/|scripts\/|examples\/)/;
    expect(packed.files.filter((f) => sources.test(f))).toEqual([]);
  });

  it("runs as `npx mbn-ad-sync`", async () => {
    const result = await npx(packed.app, ["--version"]);
    expect(result.stdout.trim()).toBe(packed.version);
    expect(result.code).toBe(0);
  });

  it("writes a starter config whose schema reference finds the schema the package ships", async () => {
    const result = await npx(packed.app, ["init"]);
    expect(result.code).toBe(0);
    const starter = readFileSync(join(packed.app, "mbn-ad-sync.yaml"), "utf8");
    const ref = /\$schema=(\S+)/.exec(starter)?.[1];
    expect(ref).toBe("./node_modules/mbn-ad-sync/mbn-ad-sync.schema.json");
    const schema = JSON.parse(readFileSync(join(packed.app, ref ?? ""), "utf8")) as { type?: string };
    expect(schema.type).toBe("object");
  });

  it("checks and syncs the demo directory into the simulator with the mapping it ships", async () => {
    const config = join(packed.app, "simulator.yaml");
    writeFileSync(
      config,
      [
        "source:",
        "  type: ldif",
        `  file: ${demoLdif}`,
        ...simulatorMbnLines(sim.url),
        "state:",
        "  dir: ./state",
        "",
      ].join("\n"),
    );
    const check = await npx(packed.app, ["check", "--config", config], simulatorEnv);
    expect(check.stdout).toMatch(
      /✓ Mapping: \S*node_modules\/mbn-ad-sync\/mappings\/active-directory\.yaml: manages /,
    );
    expect(check.stdout).toContain("All checks passed.");
    expect(check.code).toBe(0);

    // ajv is a dependency and the OpenAPI document ships: the contract probe runs from the installed package.
    const contract = await npx(packed.app, ["check", "--contract", "--config", config], simulatorEnv);
    expect(contract.stdout).toContain("All 7 answers match the contract.");
    expect(contract.code).toBe(0);

    const sync = await npx(packed.app, ["sync", "--config", config], simulatorEnv);
    expect(sync.stdout).toMatch(/Created 49 contacts/);
    expect(sync.code).toBe(0);
    expect(sim.contacts("E1001")).toHaveLength(49);

    const again = await npx(packed.app, ["sync", "--check", "--config", config], simulatorEnv);
    expect(again.stdout).toContain("MBN is in step with the directory: nothing to do.");
    expect(again.code).toBe(0);
  });
});
