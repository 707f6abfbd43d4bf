import { afterAll, beforeAll } from "vitest";
import type { MbnClient } from "../../../../src/mbn/index.js";
import type { SyncReport } from "../../../../src/report/index.js";
import { startSimulator, type RunningSimulator } from "../../../../src/simulator/index.js";
import type { CliResult } from "../../../helpers/cli.js";
import { demoClient } from "../../../helpers/demo-client.js";
import { removeTempDirs, tempDirSync } from "../../../helpers/temp-dir.js";

export const E = "E1001";

/** A simulator and a scratch directory for the calling test file: started before its tests, closed and removed after. */
export function simulatorAndScratch(): { readonly sim: RunningSimulator; readonly dir: string } {
  const dir = tempDirSync("mbn-incremental-");
  let sim: RunningSimulator | undefined;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
  });
  afterAll(async () => {
    await sim?.close();
    await removeTempDirs();
  });
  return {
    dir,
    get sim(): RunningSimulator {
      if (!sim) throw new Error("the simulator starts in beforeAll: use it inside a test or hook");
      return sim;
    },
  };
}

/** What the simulator holds of the sync's contacts: their externalIds, and how many of them are repeats. */
export function managed(sim: RunningSimulator): {
  externalIds: Set<string>;
  count: number;
  duplicates: number;
} {
  const ids = sim
    .contacts(E)
    .map((c) => c.externalId)
    .filter((x): x is string => x?.startsWith("ad:") ?? false);
  const externalIds = new Set(ids);
  return { externalIds, count: ids.length, duplicates: ids.length - externalIds.size };
}

/** The JSON report of a `--json` run, with the run's stderr in the error when stdout is not one. */
export function report(result: CliResult): SyncReport {
  try {
    return JSON.parse(result.stdout) as SyncReport;
  } catch {
    throw new Error(
      `no JSON report (exit ${String(result.code)}): ${result.stdout.slice(0, 500)}\n${result.stderr.slice(-2000)}`,
    );
  }
}

/** An MBN client acting as an administrator typing in MBN by hand. */
export function handClient(sim: RunningSimulator): MbnClient {
  return demoClient(sim.url, { enterpriseId: E, requestsPerSecond: 1000 });
}
