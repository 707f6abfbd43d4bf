import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { SyncReport } from "../../../../src/report/index.js";
import { runCli, startCli, waitUntil } from "../../../helpers/cli.js";
import { removeTempDirs, tempDir } from "../../../helpers/temp-dir.js";
import { startWebhookReceiver } from "../../../helpers/webhook-receiver.js";
import { jsonCounts, markdownCounts } from "../../../unit/report/markdown-counts.js";
import { commandTable, helpOptions, printedHash, sandbox, trialEnv, type Sandbox } from "./readme.js";

/**
 * Every option of the README's command table is run, in each form it shows (`-n` and `--dry-run`), and does
 * what the README says. An option the README shows that this file does not know how to run fails the test,
 * and so does one the tool has but the README leaves out.
 */

afterAll(removeTempDirs);

type Scenario = (option: string) => Promise<void>;

const demoUsers = 49;

/** Removes one person from the sandbox's users.ldif, so that the next plan deletes one contact. */
function removeOneUser(box: Sandbox): void {
  const file = join(box.dir, "users.ldif");
  const entries = readFileSync(file, "utf8").split(/(?:\r?\n){2,}/);
  const kari = entries.findIndex((e) => e.includes("sAMAccountName: kari.nordmann"));
  expect(entries.length).toBeGreaterThan(demoUsers);
  expect(kari).toBeGreaterThan(-1);
  entries.splice(kari, 1);
  writeFileSync(file, entries.join("\r\n\r\n"));
}

/** A sandbox whose guards allow no delete, synced once, then with one user gone: the next plan trips. */
async function guardedSandbox(): Promise<Sandbox> {
  const box = await sandbox("sync:\n  maxDeletes: 0\n");
  expect((await box.run(["sync"])).code).toBe(0);
  removeOneUser(box);
  return box;
}

async function planFile(box: Sandbox): Promise<string> {
  const file = join(box.dir, "plan.json");
  expect((await box.run(["plan", "--out", file])).code).toBe(0);
  return file;
}

/**
 * A simulator started by the CLI with `args`, a sync against it, then a full drift check: whatever the
 * fault switches did, the sync converged (every person once, nothing pending).
 */
async function simulatorScenario(args: string[]): Promise<{ changes: unknown[] }> {
  const box = await sandbox();
  await box.sim.close();
  const sim = startCli(["simulator", "--port", "0", ...args], { cwd: box.dir });
  try {
    await waitUntil("the simulator to listen", () => /listening on (\S+)/.test(sim.stdout()), {
      detail: () => sim.stderr(),
      abandon: () => sim.child.exitCode !== null,
    });
    const url = /listening on (\S+)/.exec(sim.stdout())?.[1] ?? "";
    writeFileSync(box.config, readFileSync(box.config, "utf8").replace(box.sim.url, url));
    const result = await box.run(["sync", "--json"]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const drift = await box.run(["sync", "--check", "--full"]);
    expect(drift.code, drift.stdout + drift.stderr).toBe(0);
    return JSON.parse(result.stdout) as { changes: unknown[] };
  } finally {
    sim.child.kill("SIGTERM");
    await sim.result;
  }
}

/** Every stderr line of a `--log-format json` run is one JSON object. */
function jsonLines(stderr: string): { event?: string }[] {
  const lines = stderr.split("\n").filter((l) => l !== "");
  expect(lines.length).toBeGreaterThan(0);
  return lines.map((l) => JSON.parse(l) as { event?: string });
}

/** `--log-format json` and `--report FILE` for a command that makes a report (sync, plan, apply). */
function reportFileScenarios(args: (box: Sandbox) => Promise<string[]>): Record<string, Scenario> {
  return {
    "--log-format": async (option) => {
      const box = await sandbox();
      const result = await box.run([...(await args(box)), option, "json"]);
      expect(result.code, result.stderr).toBe(0);
      expect(jsonLines(result.stderr).at(-1)?.event).toBe("summary");
      expect(result.stdout).toMatch(/\bPlan [0-9a-f]{12}\b/);
    },
    "--report": async (option) => {
      const box = await sandbox();
      const file = join(box.dir, "report.json");
      const result = await box.run([...(await args(box)), option, file]);
      expect(result.code, result.stderr).toBe(0);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ version: 2 });
      expect(result.stdout).toContain(file);
    },
    "--summary-md": async (option) => {
      const box = await sandbox();
      const file = join(box.dir, "summary.md");
      const report = join(box.dir, "report.json");
      const steps = join(box.dir, "step-summary.md");
      writeFileSync(steps, "## an earlier step\n");
      const result = await box.run([...(await args(box)), option, file, "--report", report], {
        env: { GITHUB_STEP_SUMMARY: steps },
      });
      expect(result.code, result.stderr).toBe(0);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const markdown = readFileSync(file, "utf8");
      expect(markdown).toMatch(/^## mbn-ad-sync: /);
      expect(markdownCounts(markdown)).toEqual(
        jsonCounts(JSON.parse(readFileSync(report, "utf8")) as SyncReport),
      );
      // appended to GitHub's step summary, after what was there
      expect(readFileSync(steps, "utf8")).toBe(`## an earlier step\n${markdown}\n`);
      expect(result.stdout).toContain(file);
    },
  };
}

function reportScenarios(command: "sync" | "plan"): Record<string, Scenario> {
  const dry = command === "plan";
  return {
    "--full": async (option) => {
      const box = await sandbox();
      expect((await box.run([command])).code).toBe(0);
      const result = await box.run([command, option, "--verbose"]);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain("full read (--full)");
    },
    "--check": async (option) => {
      const box = await sandbox();
      expect((await box.run([command, option])).code).toBe(2);
      expect(box.sim.contacts("E1001")).toHaveLength(0);
      expect((await box.run(["sync"])).code).toBe(0);
      expect((await box.run([command, option])).code).toBe(0);
    },
    "--approve-deletes": async (option) => {
      const box = await guardedSandbox();
      const planned = await box.run(["plan"]);
      const hash = printedHash(planned.stdout);
      if (!dry) expect((await box.run(["sync"])).code).toBe(3);
      const result = await box.run([command, option, hash]);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toContain("approved");
      expect(box.sim.contacts("E1001")).toHaveLength(dry ? demoUsers : demoUsers - 1);
    },
    "--config": async (option) => {
      const box = await sandbox();
      const elsewhere = await tempDir("mbn-readme-cwd-");
      const result = await runCli([command, option, box.config], { cwd: elsewhere, env: trialEnv });
      expect(result.code, result.stderr).toBe(0);
      expect(box.sim.contacts("E1001")).toHaveLength(dry ? 0 : demoUsers);
    },
    "--json": async (option) => {
      const box = await sandbox();
      const result = await box.run([command, option]);
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as { mode: string; changes: unknown[] };
      expect(report.mode).toBe(dry ? "dry-run" : "apply");
      expect(report.changes).toHaveLength(demoUsers);
    },
    "--verbose": async (option) => {
      const box = await sandbox();
      const result = await box.run([command, option]);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/^debug: /m);
    },
    "--quiet": async (option) => {
      const box = await sandbox();
      const loud = await box.run([command, "--dry-run"].slice(0, dry ? 1 : 2));
      const result = await box.run([command, option]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/\bPlan [0-9a-f]{12}\b/);
      expect(result.stdout.split("\n").length).toBeLessThan(loud.stdout.split("\n").length / 4);
    },
  };
}

const scenarios: Record<string, Record<string, Scenario>> = {
  sync: {
    ...reportScenarios("sync"),
    ...reportFileScenarios(() => Promise.resolve(["sync"])),
    "--dry-run": async (option) => {
      const box = await sandbox();
      const result = await box.run(["sync", option]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Would create ${demoUsers} contacts`);
      expect(box.sim.contacts("E1001")).toHaveLength(0);
    },
  },
  plan: {
    ...reportScenarios("plan"),
    ...reportFileScenarios(() => Promise.resolve(["plan"])),
    "--out": async (option) => {
      const box = await sandbox();
      const file = join(box.dir, "saved-plan.json");
      expect((await box.run(["plan", option, file])).code).toBe(0);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(file, "utf8"))).toHaveProperty("plan");
    },
  },
  apply: {
    ...reportFileScenarios(async (box) => ["apply", await planFile(box)]),
    "--approve-deletes": async (option) => {
      const box = await guardedSandbox();
      const file = join(box.dir, "plan.json");
      // a guard would stop this plan: `plan` exits 3, and saves it for review all the same
      expect((await box.run(["plan", "--out", file])).code).toBe(3);
      const hash = printedHash((await box.run(["plan"])).stdout);
      expect((await box.run(["apply", file])).code).toBe(3);
      const result = await box.run(["apply", file, option, hash]);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(box.sim.contacts("E1001")).toHaveLength(demoUsers - 1);
    },
    "--config": async (option) => {
      const box = await sandbox();
      const file = await planFile(box);
      const elsewhere = await tempDir("mbn-readme-cwd-");
      const result = await runCli(["apply", file, option, box.config], { cwd: elsewhere, env: trialEnv });
      expect(result.code, result.stderr).toBe(0);
      expect(box.sim.contacts("E1001")).toHaveLength(demoUsers);
    },
    "--json": async (option) => {
      const box = await sandbox();
      const result = await box.run(["apply", await planFile(box), option]);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ mode: "apply" });
    },
    "--verbose": async (option) => {
      const box = await sandbox();
      const result = await box.run(["apply", await planFile(box), option]);
      expect(result.code).toBe(0);
      expect(result.stderr).toMatch(/^debug: /m);
    },
    "--quiet": async (option) => {
      const box = await sandbox();
      const result = await box.run(["apply", await planFile(box), option]);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/\bPlan [0-9a-f]{12}\b/);
      expect(result.stdout).not.toContain("Kari Nordmann");
    },
  },
  preview: {
    "--config": async (option) => {
      const box = await sandbox();
      const elsewhere = await tempDir("mbn-readme-cwd-");
      const result = await runCli(["preview", "kari.nordmann", option, box.config], { cwd: elsewhere });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain("Kari");
    },
    "--verbose": async (option) => {
      // An LDIF source has no bind or pages to tell of: -v adds nothing to the report itself.
      const box = await sandbox();
      const plain = await box.run(["preview", "kari.nordmann"]);
      const result = await box.run(["preview", "kari.nordmann", option]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe(plain.stdout);
    },
    "--log-format": async (option) => {
      const box = await sandbox();
      const result = await box.run(["preview", "kari.nordmann", option, "json"]);
      expect(result.code, result.stderr).toBe(0);
      jsonLines(result.stderr);
      expect(result.stdout).toContain("Kari");
    },
    "--json": async (option) => {
      const box = await sandbox();
      const result = await box.run(["preview", "kari.nordmann", option]);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.stringify(JSON.parse(result.stdout))).toContain("Kari");
    },
  },
  init: {
    "--force": async (option) => {
      const dir = await tempDir("mbn-readme-init-");
      expect((await runCli(["init"], { cwd: dir })).code).toBe(0);
      expect((await runCli(["init"], { cwd: dir })).code).toBe(64);
      expect((await runCli(["init", option], { cwd: dir })).code).toBe(0);
      expect(existsSync(join(dir, "mbn-ad-sync.yaml"))).toBe(true);
    },
  },
  check: {
    "--config": async (option) => {
      const box = await sandbox();
      const elsewhere = await tempDir("mbn-readme-cwd-");
      const result = await runCli(["check", option, box.config], { cwd: elsewhere, env: trialEnv });
      expect(result.code, result.stdout + result.stderr).toBe(0);
    },
    "--verbose": async (option) => {
      const box = await sandbox();
      const result = await box.run(["check", option]);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stderr).toMatch(/^debug: .*catalog\/userInfo/m);
    },
    "--log-format": async (option) => {
      const box = await sandbox();
      const result = await box.run(["check", option, "json"]);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      jsonLines(result.stderr);
      expect(result.stdout).toContain("All checks passed.");
    },
    "--notify-test": async (option) => {
      const receiver = await startWebhookReceiver();
      try {
        const box = await sandbox(`notify:\n  webhook:\n    url: http://127.0.0.1:${receiver.port}/hook\n`);
        const result = await box.run(["check", option]);
        expect(result.code, result.stdout + result.stderr).toBe(0);
        expect(receiver.posts).toHaveLength(1);
      } finally {
        await receiver.close();
      }
    },
    "--contract": async (option) => {
      const box = await sandbox();
      const result = await box.run(["check", option]);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toMatch(/All \d+ answers match the contract/);
      expect(box.sim.stats().byRoute["POST /contacts"] ?? 0).toBe(0);
    },
    "--quiet": async (option) => {
      const box = await sandbox();
      const result = await box.run(["check", option]);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toBe("All checks passed.\n");
      expect(result.stderr).toBe("");
    },
    "--json": async (option) => {
      const box = await sandbox();
      const result = await box.run(["check", option]);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toBeTypeOf("object");
    },
  },
  simulator: {
    "--port": async (option) => {
      const box = await sandbox();
      await box.sim.close();
      const sim = startCli(["simulator", option, "0"], { cwd: box.dir });
      await waitUntil("the simulator to listen", () =>
        sim.stdout().includes("listening on http://127.0.0.1:"),
      );
      sim.child.kill("SIGTERM");
      expect((await sim.result).code).toBe(0);
    },
    "--host": async (option) => {
      await simulatorScenario([option, "127.0.0.1"]);
    },
    "--data": async (option) => {
      const dir = await tempDir("mbn-readme-data-");
      const data = join(dir, "mbn.json");
      expect((await simulatorScenario([option, data])).changes).toHaveLength(demoUsers);
      expect(readFileSync(data, "utf8")).toContain("Nordmann");
      // A second simulator on the same file starts with the contacts the first one kept: nothing to do.
      expect((await simulatorScenario([option, data])).changes).toHaveLength(0);
    },
    "--latency": async (option) => {
      await simulatorScenario([option, "20"]);
    },
    "--error-rate": async (option) => {
      await simulatorScenario([option, "0.05"]);
    },
    "--lost-post-rate": async (option) => {
      await simulatorScenario([option, "0.2"]);
    },
    "--token-lifetime": async (option) => {
      await simulatorScenario([option, "1"]);
    },
    "--rate-limit": async (option) => {
      await simulatorScenario([option, "1000", "--burst", "100"]);
    },
    "--burst": async (option) => {
      await simulatorScenario(["--rate-limit", "1000", option, "100"]);
    },
  },
};

const table = commandTable();

describe("the README's command table", () => {
  it("lists every command, and for each exactly the options its --help shows", async () => {
    expect(table.map((r) => r.command).sort()).toEqual(
      ["apply", "check", "init", "plan", "preview", "simulator", "sync"].sort(),
    );
    for (const row of table) {
      const help = await runCli([row.command, "--help"]);
      expect(row.options.map((o) => o.long).sort(), row.command).toEqual(helpOptions(help.stdout).sort());
    }
  });

  for (const row of table) {
    for (const option of row.options) {
      // Run once, in the form an operator types (the short one where the README shows it); the other form is
      // the same option when --help shows both on one line.
      const form = option.short ?? option.long;
      it.concurrent(`${row.command} ${option.text}`, async () => {
        const scenario = scenarios[row.command]?.[option.long];
        if (!scenario)
          throw new Error(`README shows ${row.command} ${option.text}; add a scenario that runs it`);
        if (option.short) {
          const help = await runCli([row.command, "--help"]);
          expect(help.stdout).toMatch(new RegExp(`^\\s+${option.short}, ${option.long}\\b`, "m"));
        }
        await scenario(form);
      });
    }
  }
});
