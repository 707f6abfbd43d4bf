/**
 * One Samba AD DC shared by every test file of a run, started by the first file that asks for it.
 * The global setup (samba-global-setup.ts) gives each run a state directory and stops the DC at
 * the end; a run that asks for no DC (unit tests only) pays nothing.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { inject } from "vitest";
import { buildPopulation, type Population } from "../fixtures/ad/index.js";
import { provisionSambaDc, sambaMissingReason, type SambaDcInfo } from "./samba-dc.js";
import { populate } from "./samba-populate.js";

/** Enough people to cross the 1000-entry page boundary of Windows AD. */
export const SHARED_STAFF_COUNT = 1600;

export interface SharedDc {
  dc: SambaDcInfo;
  population: Population;
}

declare module "vitest" {
  export interface ProvidedContext {
    sambaStateDir: string;
  }
}

/**
 * Undefined when the AD tests can run; otherwise the reason they are skipped. Under CI
 * (CI=true) a missing Samba is an error, so a broken runner cannot pass by skipping.
 */
export function sambaSkipReason(): string | undefined {
  const reason = sambaMissingReason();
  if (reason && process.env.CI === "true") {
    throw new Error(`CI=true but the Samba AD tests cannot run: ${reason}`);
  }
  return reason;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The run's shared DC, provisioned and populated on first use. */
export async function sharedSambaDc(): Promise<SharedDc> {
  const stateDir = inject("sambaStateDir") as string | undefined;
  if (!stateDir)
    throw new Error("no sambaStateDir: register test/helpers/samba-global-setup.ts as a vitest globalSetup");
  const infoFile = join(stateDir, "dc.json");
  const errorFile = join(stateDir, "error.txt");
  const lock = join(stateDir, "lock");
  const load = async (): Promise<SharedDc> => {
    const dc = JSON.parse(await readFile(infoFile, "utf8")) as SambaDcInfo;
    return { dc, population: buildPopulation({ baseDn: dc.baseDn, staffCount: SHARED_STAFF_COUNT }) };
  };
  for (;;) {
    if (existsSync(infoFile)) return load();
    if (existsSync(errorFile))
      throw new Error(`the shared Samba DC failed to start: ${await readFile(errorFile, "utf8")}`);
    try {
      await mkdir(lock); // atomic: exactly one test file provisions
      break;
    } catch {
      await sleep(200);
    }
  }
  try {
    const dc = await provisionSambaDc({ label: "shared", maxRuntimeS: 900 });
    // The global teardown stops it by this pid even if populating fails.
    await writeFile(join(stateDir, "pid.json"), JSON.stringify({ pid: dc.pid, dir: dc.dir }));
    await populate(dc, buildPopulation({ baseDn: dc.baseDn, staffCount: SHARED_STAFF_COUNT }));
    await writeFile(infoFile, JSON.stringify(dc));
    return await load();
  } catch (error) {
    await writeFile(errorFile, error instanceof Error ? error.message : String(error));
    throw error;
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
