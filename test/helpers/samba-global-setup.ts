import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { stopSambaDc } from "./samba-dc.js";

/** Gives the run a place to record its shared Samba DC (see samba-shared.ts), and stops that DC at the end. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stateDir = await mkdtemp(join(tmpdir(), "mbn-samba-state-"));
  project.provide("sambaStateDir", stateDir);
  return async () => {
    const pidFile = join(stateDir, "pid.json");
    if (existsSync(pidFile)) {
      const started = JSON.parse(await readFile(pidFile, "utf8")) as { pid: number; dir: string };
      await stopSambaDc(started);
    }
    await rm(stateDir, { recursive: true, force: true });
  };
}
