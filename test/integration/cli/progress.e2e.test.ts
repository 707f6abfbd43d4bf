/**
 * What the operator sees on stderr and in the files: spinners on a terminal (run under a pseudo-terminal
 * made by util-linux `script`), plain lines with no control character when piped, JSON lines with
 * --log-format json, the --report file, and help that teaches.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runCli } from "../../helpers/cli.js";
import { env, startFixture, type Fixture } from "./fixture.js";

let fx: Fixture;
let config: string;

beforeAll(async () => {
  fx = await startFixture();
  config = fx.writeConfig("mbn-ad-sync.yaml");
});
afterAll(async () => {
  await fx.close();
});

// Any control character but the newline: escape sequences, carriage returns, backspaces.
// eslint-disable-next-line no-control-regex -- control characters are what this looks for
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f]/;
const noCi = { CI: undefined, TERM: "xterm-256color", NO_COLOR: undefined, FORCE_COLOR: undefined };

/** Runs the built CLI under a pseudo-terminal 100 columns wide; stdout and stderr both come back as its output. */
function underTerminal(args: string[], extraEnv: Record<string, string | undefined>): Promise<string> {
  const bin = join(repoRoot, "bin", "mbn-ad-sync.js");
  const quoted = [process.execPath, bin, ...args].map((a) => `'${a}'`).join(" ");
  const merged: Record<string, string | undefined> = { ...process.env, ...env, ...extraEnv };
  const childEnv = Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined));
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qfec", `stty cols 100 rows 30; ${quoted}`, "/dev/null"], {
      env: childEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`exit ${code}: ${out}`));
    });
  });
}

const hasScript = existsSync("/usr/bin/script") || existsSync("/bin/script");

describe("progress", () => {
  it.runIf(hasScript)(
    "on a terminal: a spinner per stage, frozen as ✔ lines with count and duration",
    async () => {
      const out = await underTerminal(["plan", "--config", config], noCi);
      expect(out).toContain("\u001b[?25l"); // the spinner hides the cursor while it turns
      expect(out).toMatch(/Reading users from LDIF file .*users\.ldif…/);
      // eslint-disable-next-line no-control-regex -- the colour around the mark is the point
      expect(out).toMatch(/\u001b\[32m✔\u001b\[39m Read 49 users from LDIF file \S+ \(\d+\.\d s\)/);
      expect(out).toMatch(/✔.* Read 0 contacts of E1001 \(full read: no state\) \(\d+\.\d s\)/);
      expect(out).toMatch(/✔.* Planned 49 creates, 0 updates, 0 deletes \(\d+\.\d s\)/);
      expect(out).toContain("Plan ");
    },
  );

  it.runIf(hasScript)(
    "on a terminal with CI or TERM=dumb set: plain lines, no control character",
    async () => {
      for (const extra of [{ CI: "true" }, { TERM: "dumb" }]) {
        const out = await underTerminal(["plan", "--config", config], { ...noCi, ...extra });
        const lines = out.replace(/\r\n/g, "\n");
        expect(lines, JSON.stringify(extra)).not.toMatch(CONTROL);
        expect(lines).toMatch(/^✔ Read 49 users from LDIF file \S+ \(\d+\.\d s\)$/m);
      }
    },
  );

  it("piped: one plain line per finished stage, no control character, stdout only the report", async () => {
    const report = join(fx.dir, "report.json");
    const result = await runCli(["sync", "--config", config, "--report", report], {
      env: { ...env, ...noCi },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(CONTROL);
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^✔ Loaded mapping \S+ \(9 fields\) \(\d+\.\d s\)$/);
    expect(lines[1]).toMatch(/^✔ Read 49 users from LDIF file \S+ \(\d+\.\d s\)$/);
    expect(lines[3]).toMatch(/^✔ Planned 49 creates, 0 updates, 0 deletes \(\d+\.\d s\)$/);
    expect(lines[4]).toMatch(/^✔ Wrote 49 changes to MBN \((\d+\.\d|\d+) s\)$/);
    expect(result.stdout).not.toContain("✔");
    expect(result.stdout).toContain("Warnings (6, 2 kinds):");
    const tail = result.stdout.trimEnd().split("\n").slice(-2);
    expect(tail).toEqual([`Audit log: ${join(fx.dir, "state", "audit.jsonl")}`, `JSON report: ${report}`]);
    expect(statSync(report).mode & 0o777).toBe(0o600);
    const raw = readFileSync(report, "utf8");
    const document = JSON.parse(raw) as { version: number; summary: { create: number } };
    expect(document).toMatchObject({ version: 2, summary: { create: 49 } });
    // Written in pieces, a line per change, it is still the whole document.
    expect(raw.split("\n").filter((line) => line.startsWith('    {"action":"create"'))).toHaveLength(49);
    expect(raw.endsWith("}\n")).toBe(true);
  });
});

describe("--log-format json", () => {
  it("makes every stderr line one JSON object, the summary last", async () => {
    const result = await runCli(["plan", "--config", config, "--log-format", "json"], { env });
    expect(result.code).toBe(0);
    const objects = result.stderr
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const o of objects)
      expect(Object.keys(o)).toEqual(expect.arrayContaining(["time", "level", "event", "message"]));
    expect(objects.find((o) => o["event"] === "stage-end" && o["stage"] === "source")).toMatchObject({
      level: "info",
      counts: { count: 49 },
      message: expect.stringMatching(/^Read 49 users from LDIF file/) as unknown,
    });
    expect(objects.at(-1)).toMatchObject({ event: "summary", exitCode: 0, counts: { warnings: 6 } });
    expect(result.stdout).toContain("Plan ");
  });

  it("turns an error, and a usage error, into one JSON object", async () => {
    const missing = await runCli(["plan", "--config", join(fx.dir, "none.yaml"), "--log-format=json"], {
      env,
    });
    expect(missing.code).toBe(78);
    const errorLines = missing.stderr
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(errorLines.at(-1)).toMatchObject({ level: "error", event: "error", exitCode: 78 });
    const usage = await runCli(["plan", "--nope", "--log-format", "json"], { env });
    expect(usage.code).toBe(64);
    for (const line of usage.stderr.trimEnd().split("\n"))
      expect(JSON.parse(line)).toMatchObject({ level: "error" });
  });
});

describe("help that teaches", () => {
  it("each command's --help ends with examples and its exit codes", async () => {
    for (const command of ["sync", "plan", "apply", "check", "preview", "init", "simulator"]) {
      const result = await runCli([command, "--help"]);
      expect(result.code, command).toBe(0);
      expect(result.stdout, command).toMatch(/\nExamples:\n {2}# .+\n {2}\$ mbn-ad-sync /);
      expect(result.stdout, command).toMatch(/\nExit codes:\n(?: +\d+ {2}.+\n)+$/);
    }
    const plan = await runCli(["plan", "--help"]);
    expect(plan.stdout).toContain("    2  changes pending (--check)");
    expect(plan.stdout).not.toContain("    4  partial failure");
  });

  it("`help exit-codes` prints the whole table; `help sync` the command's help", async () => {
    const codes = await runCli(["help", "exit-codes"]);
    expect(codes.code).toBe(0);
    expect(codes.stdout.match(/^ +\d+ {2}/gm)).toHaveLength(11);
    expect(codes.stdout).toContain("  130  interrupted");
    const sync = await runCli(["help", "sync"]);
    expect(sync.stdout).toContain("Usage: mbn-ad-sync sync");
    expect((await runCli(["help", "nothing"])).code).toBe(64);
  });
});

describe("check --quiet and init's next steps", () => {
  it("check --quiet prints exactly the verdict when all pass, nothing on stderr", async () => {
    const result = await runCli(["check", "--quiet", "--config", config], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("All checks passed.\n");
    expect(result.stderr).toBe("");
  });

  it("check --quiet shows only the failed check and the verdict", async () => {
    const result = await runCli(["check", "--quiet", "--config", config], {
      env: { ...env, MBN_TEST_SECRET: "wrong" },
    });
    expect(result.code).toBe(69);
    expect(result.stdout).toMatch(/^✗ MBN token: /);
    expect(result.stdout).not.toContain("✓");
    expect(result.stdout.trimEnd().split("\n").at(-1)).toMatch(/^1 check failed, \d+ not run\.$/);
  });

  it("preview takes no --quiet", async () => {
    const result = await runCli(["preview", "kari.nordmann", "--quiet", "--config", config], { env });
    expect(result.code).toBe(64);
  });

  it("init FILE names the file in every next step", async () => {
    const file = join(fx.dir, "other.yaml");
    const result = await runCli(["init", file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`mbn-ad-sync check --config ${file}`);
    expect(result.stdout).toContain(`mbn-ad-sync plan --config ${file}`);
  });
});
