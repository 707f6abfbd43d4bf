import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";
import { env, startFixture, type Fixture } from "./fixture.js";

/** The audit log end to end: one that cannot be written stops the run before any write; rotation keeps every line. */

let fx: Fixture;

beforeAll(async () => {
  fx = await startFixture();
});

afterAll(async () => {
  await fx.close();
});

const writes = (): number => {
  const byRoute = fx.sim.stats().byRoute;
  return Object.entries(byRoute)
    .filter(([route]) => /^(POST|PUT|DELETE) \/contacts/.test(route))
    .reduce((n, [, count]) => n + count, 0);
};

describe("audit log", () => {
  it("that cannot be written stops the run before any write to MBN, naming the file", async () => {
    const config = fx.writeConfig("blocked.yaml", { extra: "" });
    const audit = join(fx.dir, "state", "audit.jsonl");
    mkdirSync(audit, { recursive: true }); // a directory where the file must go: no open for append succeeds
    fx.sim.resetStats();
    const result = await runCli(["sync", "--config", config], { env });
    expect(result.code).toBe(1); // StateError: the state directory's files are the tool's own
    expect(result.stderr).toContain(`${audit}: cannot open the audit log (EISDIR)`);
    expect(writes()).toBe(0);
  });

  it("rotates by state.audit.maxBytes, and every write has its line across the files", async () => {
    const state = join(fx.dir, "rotating");
    const config = fx.writeConfig("rotating.yaml", {
      extra: `  audit:\n    maxBytes: 2048\n    keep: 100\n`,
    });
    // The fixture's state section ends the file: point it at a fresh directory with the audit keys under it.
    const text = readFileSync(config, "utf8").replace(join(fx.dir, "state"), state);
    const file = fx.write("rotating.yaml", text);
    fx.sim.resetStats();
    const result = await runCli(["sync", "--config", file], { env });
    expect(result.code).toBe(0);
    const made = writes();
    expect(made).toBeGreaterThan(0);
    const files = readdirSync(state).filter((f) => /^audit(\.\d+)?\.jsonl$/.test(f));
    expect(files.length).toBeGreaterThan(1);
    let lines = 0;
    for (const f of files) {
      const content = readFileSync(join(state, f), "utf8");
      expect(content.endsWith("\n")).toBe(true);
      for (const line of content.trimEnd().split("\n")) {
        expect(() => JSON.parse(line) as unknown).not.toThrow();
        lines += 1;
      }
    }
    expect(lines).toBe(made);
  });
});
