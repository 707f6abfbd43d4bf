import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { promisify } from "node:util";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot, runCli, startCli, waitUntil, type CliChild } from "../../../helpers/cli.js";
import { freePort } from "../../../helpers/local-server.js";
import { removeTempDirs, tempDir } from "../../../helpers/temp-dir.js";
import { copyFileSync } from "node:fs";
import { demoLdif } from "../../../helpers/sync-config.js";
import {
  codeBlocks,
  readme,
  sandbox,
  section,
  shellSteps,
  trialConfig,
  trialEnv,
  type ShellStep,
} from "./readme.js";

/**
 * The README's shell examples are run as written, in order: every `mbn-ad-sync` line must end with the exit
 * code it states (`(exit N)` in its comment, else 0). They run on the README's own LDIF trial set-up (an
 * example written for Active Directory runs the same commands and options against it).
 */

const execFileAsync = promisify(execFile);
const children: CliChild[] = [];
afterAll(async () => {
  for (const c of children) c.child.kill("SIGTERM");
  await Promise.all(children.map((c) => c.result));
  await removeTempDirs();
});

function describeStep(step: ShellStep, result: { code: number | null; stdout: string; stderr: string }) {
  return `README line: ${step.line.trim()}\nexit ${result.code}\n${result.stdout}\n${result.stderr}`;
}

/**
 * The README's sample agrees with a real document: every key it shows exists with the same kind of value,
 * and every number, boolean and plain string in it is the real one ("…" stands for any text).
 */
function expectLike(sample: unknown, actual: unknown, path: string): void {
  if (typeof sample === "string" && sample.includes("…")) {
    expect(actual === null || typeof actual === "string", path).toBe(true);
  } else if (Array.isArray(sample)) {
    expect(Array.isArray(actual), path).toBe(true);
    const first = (sample as unknown[])[0];
    const [real] = actual as unknown[];
    if (first !== undefined && real !== undefined) expectLike(first, real, `${path}[0]`);
  } else if (sample !== null && typeof sample === "object") {
    expect(actual !== null && typeof actual === "object", path).toBe(true);
    for (const [key, value] of Object.entries(sample)) {
      expect(actual, `${path}.${key}`).toHaveProperty([key]);
      expectLike(value, (actual as Record<string, unknown>)[key], `${path}.${key}`);
    }
  } else {
    expect(actual, path).toEqual(sample);
  }
}

describe("the README's shell examples", () => {
  it("every example names only commands and options the tool has", async () => {
    const steps = codeBlocks(readme, "sh").flatMap(shellSteps);
    expect(steps.length).toBeGreaterThan(10);
    for (const step of steps.filter((s) => s.args)) {
      const [command, ...rest] = step.args ?? [];
      const help = await runCli([command ?? "", "--help"]);
      expect(help.code, step.line).toBe(0);
      for (const option of rest.filter((a) => a.startsWith("-"))) {
        expect(help.stdout, `${step.line}: ${option}`).toMatch(new RegExp(`(^|[ ,])${option}\\b`, "m"));
      }
    }
  });

  it('"Trying it": the simulator in the background, then check, preview, plan, apply and a drift check', async () => {
    const dir = await tempDir("mbn-readme-trial-");
    copyFileSync(demoLdif, join(dir, "users.ldif"));
    const port = await freePort();
    writeFileSync(join(dir, "mbn-ad-sync.yaml"), trialConfig().replace(":8080", `:${port}`));
    const trial = section("Trying it: an LDIF export and the simulator");
    const steps = shellSteps(codeBlocks(trial, "sh")[0] ?? "");
    expect(steps.map((s) => s.args?.[0] ?? "export")).toEqual([
      "simulator",
      "export",
      "check",
      "preview",
      "plan",
      "apply",
      "sync",
    ]);
    let env: Record<string, string> = {};
    for (const step of steps) {
      if (step.env) {
        env = { ...env, ...step.env };
        continue;
      }
      const args = step.args ?? [];
      if (step.background) {
        // The one change to the line: a free port instead of the default 8080, which may be taken here.
        const sim = startCli([...args, "--port", String(port)], { cwd: dir, env });
        children.push(sim);
        await waitUntil("the simulator to listen", () => sim.stdout().includes("listening on"), {
          detail: () => sim.stderr(),
        });
        continue;
      }
      const result = await runCli(args, { cwd: dir, env });
      expect(result.code, describeStep(step, result)).toBe(step.expect);
    }
    expect(env).toEqual(trialEnv);
  });

  it('"Using it with your Active Directory": init, then check, preview, plan and sync', async () => {
    const box = await sandbox();
    const initDir = await tempDir("mbn-readme-init-");
    const steps = shellSteps(codeBlocks(section("Using it with your Active Directory"), "sh")[0] ?? "");
    expect(steps.map((s) => s.args?.[0] ?? "export")).toEqual([
      "init",
      "export",
      "check",
      "preview",
      "plan",
      "sync",
    ]);
    for (const step of steps.filter((s) => s.args)) {
      const args = step.args ?? [];
      // init writes a starter for a real AD, so it runs in an empty directory of its own.
      const result = args[0] === "init" ? await runCli(args, { cwd: initDir }) : await box.run(args);
      expect(result.code, describeStep(step, result)).toBe(step.expect);
    }
    expect(box.sim.contacts("E1001").length).toBeGreaterThan(40);
    await box.sim.close();
  });

  it('"Plan, review, apply (CI)": plan --out, apply, then the drift check', async () => {
    const box = await sandbox();
    const steps = shellSteps(codeBlocks(section("Plan, review, apply (CI)"), "sh")[0] ?? "");
    expect(steps.map((s) => s.args?.[0])).toEqual(["plan", "apply", "sync"]);
    for (const step of steps) {
      const result = await box.run(step.args ?? []);
      expect(result.code, describeStep(step, result)).toBe(step.expect);
    }
    await box.sim.close();
  });

  it("the --json sample is what `plan --json` prints for the demo sample", async () => {
    const box = await sandbox();
    const sample = codeBlocks(section("Plan, review, apply (CI)"), "json")[0];
    expect(sample).toBeDefined();
    const result = await box.run(["plan", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const actual = JSON.parse(result.stdout) as Record<string, unknown>;
    const expected = JSON.parse(sample ?? "{}") as Record<string, unknown>;
    expect(Object.keys(expected).sort()).toEqual(Object.keys(actual).sort());
    expectLike(expected, actual, "$");
    await box.sim.close();
  });

  it('"Custom transforms": a .ts module runs when the tool runs through tsx, as the README shows', async () => {
    const line = /`(node --import tsx \S+ sync)`/.exec(section("Custom transforms"))?.[1];
    expect(line).toBeDefined();
    const box = await sandbox();
    writeFileSync(
      join(box.dir, "shout.ts"),
      "export const transforms = { shout: (value: string): string => value.toUpperCase() };\n",
    );
    writeFileSync(
      join(box.dir, "mapping.yaml"),
      "transformsModule: ./shout.ts\nfields:\n  firstName: { from: givenName, transforms: [shout] }\n  lastName: sn\n",
    );
    writeFileSync(box.config, readFileSync(box.config, "utf8") + "mapping: ./mapping.yaml\n");
    // The README's line, with the tool where this repository has it and tsx where this repository installs it.
    const [node, ...args] = (line ?? "")
      .replace("node_modules/mbn-ad-sync/bin", join(repoRoot, "bin"))
      .split(" ");
    expect(node).toBe("node");
    const { stdout } = await execFileAsync(process.execPath, [...args, "--json", "--config", box.config], {
      cwd: repoRoot,
      env: { ...process.env, ...trialEnv },
    });
    const report = JSON.parse(stdout) as { changes: { name: string }[] };
    expect(report.changes.map((c) => c.name)).toContain("KARI Nordmann");
    await box.sim.close();
  });
});
