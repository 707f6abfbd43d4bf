import { describe, expect, it } from "vitest";
import { colorOn, createProgress, interactive, type Console } from "../../../src/cli/console.js";
import type { CommonOptions } from "../../../src/cli/common-options.js";

/** A console whose clock moves only when the test says so. */
function fakeConsole(
  stderrIsTTY: boolean,
  env: Record<string, string> = {},
): Console & { errText: () => string; tick: (ms: number) => void } {
  let err = "";
  let now = 1_700_000_000_000;
  return {
    out: () => undefined,
    err: (text) => {
      err += text;
    },
    stdoutIsTTY: false,
    stderrIsTTY,
    env,
    now: () => now,
    errText: () => err,
    tick: (ms) => {
      now += ms;
    },
  };
}

async function runStages(console: ReturnType<typeof fakeConsole>, options: CommonOptions): Promise<void> {
  const progress = await createProgress(console, options);
  progress.onEvent({ type: "stage", stage: "source", message: "Reading users from LDAP ldaps://dc1" });
  progress.onEvent({ type: "progress", stage: "source", done: 1000, page: 1 });
  console.tick(2100);
  progress.onEvent({ type: "log", level: "warning", message: "slow down" });
  progress.onEvent({ type: "log", level: "debug", message: "page 2" });
  progress.onEvent({
    type: "stage-end",
    stage: "source",
    count: 1960,
    ok: true,
    message: "Read 1960 users from LDAP ldaps://dc1",
  });
  progress.onEvent({ type: "stage", stage: "apply", message: "Writing 3 changes" });
  progress.onEvent({ type: "progress", stage: "apply", done: 1, total: 3 });
  console.tick(65_000);
  progress.fail();
}

describe("createProgress off a terminal", () => {
  it("writes one plain line per finished stage with its count and duration, and no control character", async () => {
    const console = fakeConsole(false);
    await runStages(console, {});
    expect(console.errText()).toBe(
      "warning: slow down\n" +
        "✔ Read 1960 users from LDAP ldaps://dc1 (2.1 s)\n" +
        "✖ Writing 3 changes: failed after 1 min 5 s\n",
    );
  });

  it("keeps only the warnings with --quiet or --json, and adds the debug lines with --verbose", async () => {
    const quiet = fakeConsole(false);
    await runStages(quiet, { quiet: true });
    expect(quiet.errText()).toBe("warning: slow down\n");
    const json = fakeConsole(false);
    await runStages(json, { json: true });
    expect(json.errText()).toBe("warning: slow down\n");
    const verbose = fakeConsole(false);
    await runStages(verbose, { verbose: true });
    expect(verbose.errText()).toContain("warning: slow down\ndebug: page 2\n✔ Read 1960");
  });

  it("colours the marks when FORCE_COLOR asks for it", async () => {
    const console = fakeConsole(false, { FORCE_COLOR: "1" });
    await runStages(console, {});
    expect(console.errText()).toContain("\u001b[32m✔\u001b[39m Read 1960 users");
  });

  it("closes a stage the engine left open when the next begins, with its opening message", async () => {
    const console = fakeConsole(false);
    const progress = await createProgress(console, {});
    progress.onEvent({ type: "stage", stage: "config", message: "Loading the configuration" });
    console.tick(300);
    progress.onEvent({ type: "stage", stage: "mapping", message: "Loading mapping m.yaml" });
    progress.finish();
    expect(console.errText()).toBe("✔ Loading the configuration (0.3 s)\n✔ Loading mapping m.yaml (0.0 s)\n");
  });
});

describe("createProgress with --log-format json", () => {
  it("writes one JSON object per line: stages, messages, progress at most every 5 s", async () => {
    const console = fakeConsole(true);
    const progress = await createProgress(console, { logFormat: "json" });
    progress.onEvent({ type: "stage", stage: "apply", message: "Writing 960 changes" });
    for (let done = 1; done <= 960; done++) {
      console.tick(100);
      progress.onEvent({ type: "progress", stage: "apply", done, total: 960 });
    }
    progress.onEvent({
      type: "stage-end",
      stage: "apply",
      count: 960,
      ok: true,
      message: "Wrote 960 changes to MBN",
    });
    const lines = console.errText().trimEnd().split("\n");
    const objects = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(objects.map((o) => o["event"])).toEqual([
      "stage-start",
      ...Array<string>(19).fill("progress"),
      "stage-end",
    ]);
    expect(objects[1]).toMatchObject({
      level: "info",
      stage: "apply",
      counts: { done: 50, total: 960 },
      message: "Writing 50/960 · 10.0/s · about 2 min left",
    });
    expect(objects.at(-1)).toMatchObject({ counts: { count: 960 }, durationMs: 96_000 });
    expect(objects[0]?.["time"]).toBe("2023-11-14T22:13:20.000Z");
  });
});

describe("interactive and colorOn", () => {
  it("draws spinners only on a sized terminal, not under CI or TERM=dumb", () => {
    const sized = { columns: 80 } as unknown as NodeJS.WritableStream;
    const base = { ...fakeConsole(true), errStream: sized };
    expect(interactive(base)).toBe(true);
    expect(interactive({ ...base, env: { CI: "true" } })).toBe(false);
    expect(interactive({ ...base, env: { CI: "false" } })).toBe(true);
    expect(interactive({ ...base, env: { TERM: "dumb" } })).toBe(false);
    expect(interactive({ ...base, errStream: { columns: 0 } as unknown as NodeJS.WritableStream })).toBe(
      false,
    );
    expect(interactive({ ...base, stderrIsTTY: false })).toBe(false);
  });

  it("honours FORCE_COLOR before NO_COLOR, then colours a terminal only", () => {
    expect(colorOn(fakeConsole(true))).toBe(true);
    expect(colorOn(fakeConsole(false))).toBe(false);
    expect(colorOn(fakeConsole(true, { NO_COLOR: "1" }))).toBe(false);
    expect(colorOn(fakeConsole(true, { FORCE_COLOR: "0" }))).toBe(false);
    expect(colorOn(fakeConsole(false, { FORCE_COLOR: "1", NO_COLOR: "1" }))).toBe(true);
    expect(colorOn(fakeConsole(true, { TERM: "dumb" }))).toBe(false);
  });
});
