import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/index.js";
import { removeTempDirs } from "../../helpers/temp-dir.js";
import { configDir, configError, type ConfigDir, ENV, VALID_YAML } from "./fixtures.js";

let tmp: ConfigDir;
beforeEach(async () => {
  tmp = await configDir();
});
afterEach(removeTempDirs);

async function load(syncLines: string) {
  const file = await tmp.write("mbn-ad-sync.yaml", `${VALID_YAML}sync:\n${syncLines}\n`);
  return loadConfig({ configPath: file, env: ENV });
}

describe("sync.deleteAfter and sync.minDeletesForPercentGuard", () => {
  it.each([
    ["0", 0],
    ['"0"', 0],
    ["45s", 45_000],
    ["30m", 1_800_000],
    ["72h", 259_200_000],
    ["7d", 604_800_000],
  ])("reads deleteAfter: %s as %i ms", async (value, ms) => {
    expect((await load(`  deleteAfter: ${value}`)).config.sync.deleteAfter).toBe(ms);
  });

  it.each(["7", "7 days", "1.5h", "-1d", "7w"])(
    "refuses deleteAfter: %s, naming the key and the form",
    async (value) => {
      const error = await configError(() => load(`  deleteAfter: ${value}`));
      expect(error.message).toContain("sync.deleteAfter");
      expect(error.message).toMatch(/a duration: 0, or a whole number followed by s, m, h or d/);
    },
  );

  it("takes a floor for the share guards, 0 or more", async () => {
    expect((await load("  minDeletesForPercentGuard: 0")).config.sync.minDeletesForPercentGuard).toBe(0);
    const error = await configError(() => load("  minDeletesForPercentGuard: -1"));
    expect(error.message).toContain("sync.minDeletesForPercentGuard");
  });
});
