import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig, type LoadedConfig } from "../../../src/config/index.js";
import type { EngineEvent } from "../../../src/engine/index.js";
import { withRun } from "../../../src/engine/run-frame.js";
import { readState } from "../../../src/state/index.js";
import { simulatorEnv, writeSyncConfig } from "../../helpers/sync-config.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";

afterAll(removeTempDirs);

/** A configuration whose state directory is dir/state; nothing in these tests reaches MBN. */
async function setup(): Promise<{ loaded: LoadedConfig; stateDir: string; events: EngineEvent[] }> {
  const dir = await tempDir("run-frame-");
  const configPath = writeSyncConfig(dir, "config.yaml", { baseUrl: "http://127.0.0.1:9/api" });
  const loaded = await loadConfig({ configPath, env: simulatorEnv });
  return { loaded, stateDir: join(dir, "state"), events: [] };
}

const options = (events: EngineEvent[]) => ({
  now: () => new Date(),
  onEvent: (e: EngineEvent) => events.push(e),
});

function save(baseUrl: string, enterpriseId: string) {
  return { baseUrl, enterpriseId, watermark: null, lastFullReadAt: null, contacts: [], lastRun: null };
}

describe("withRun", () => {
  it("saves the state only when the run set it, and opens no audit log for a run that writes nothing", async () => {
    const { loaded, stateDir, events } = await setup();
    await withRun(loaded.config, options(events), () => Promise.resolve("planned"));
    expect(await readdir(stateDir)).toEqual([]);
    await withRun(loaded.config, options(events), async (frame) => {
      frame.save = save(frame.client.baseUrl, "E1001");
      await frame.audit();
    });
    expect((await readdir(stateDir)).sort()).toEqual(["audit.jsonl", "mirror.json", "state.json"]);
  });

  it("hands on the last state only for the same base URL and enterprise", async () => {
    const { loaded, events } = await setup();
    await withRun(loaded.config, options(events), (frame) => {
      frame.save = save(frame.client.baseUrl, "E1001");
      return Promise.resolve();
    });
    await withRun(loaded.config, options(events), (frame) => {
      expect(frame.previous?.enterpriseId).toBe("E1001");
      expect(frame.previousOf("E1001")?.enterpriseId).toBe("E1001");
      expect(frame.previousOf("E2002")).toBeNull();
      return Promise.resolve();
    });
  });

  it("throws the run's own error when closing fails too, and reports the closing error as a warning", async () => {
    const { loaded, stateDir, events } = await setup();
    const why = new Error("LDAP went away");
    const run = withRun(loaded.config, options(events), async (frame) => {
      frame.save = save(frame.client.baseUrl, "E1001");
      await rm(stateDir, { recursive: true, force: true }); // saving the state will fail
      throw why;
    });
    await expect(run).rejects.toBe(why);
    expect(events).toContainEqual(
      expect.objectContaining({
        type: "log",
        level: "warning",
        message: expect.stringMatching(/^while stopping the run: /) as unknown,
      }),
    );
  });

  it("releases the lock when the run fails, so the next run starts", async () => {
    const { loaded, events } = await setup();
    await expect(
      withRun(loaded.config, options(events), () => Promise.reject(new Error("boom"))),
    ).rejects.toThrow("boom");
    await expect(withRun(loaded.config, options(events), () => Promise.resolve("next"))).resolves.toBe(
      "next",
    );
  });

  it("fails a run whose saving fails, when the run itself went well", async () => {
    const { loaded, stateDir, events } = await setup();
    const run = withRun(loaded.config, options(events), async (frame) => {
      frame.save = save(frame.client.baseUrl, "E1001");
      await rm(stateDir, { recursive: true, force: true });
    });
    await expect(run).rejects.toThrow();
  });

  it("records an applied plan and keeps the record through later runs that save, of any MBN directory", async () => {
    const { loaded, events } = await setup();
    const plan = { hash: "ab".repeat(32), createdAt: "2026-11-20T10:00:00.000Z" };
    const at = new Date("2026-11-20T11:00:00.000Z");
    await withRun(loaded.config, { now: () => at, onEvent: (e) => events.push(e) }, (frame) => {
      expect(frame.appliedPlans).toEqual([]);
      frame.save = save(frame.client.baseUrl, "E1001");
      frame.markApplied(plan);
      return Promise.resolve();
    });
    // a sync of another enterprise replaces the mirror, not the record
    await withRun(loaded.config, options(events), (frame) => {
      frame.save = save(frame.client.baseUrl, "E2002");
      return Promise.resolve();
    });
    const { state } = await readState(join(loaded.config.state.dir, "state.json"));
    expect(state?.enterpriseId).toBe("E2002");
    expect(state?.appliedPlans).toEqual([{ ...plan, appliedAt: at.toISOString() }]);
    await withRun(loaded.config, options(events), (frame) => {
      expect(frame.appliedPlans).toEqual([{ ...plan, appliedAt: at.toISOString() }]);
      return Promise.resolve();
    });
  });
});
