import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startSimulator, type RunningSimulator } from "../../src/simulator/index.js";
import { loadMapping, mapUsers } from "../../src/mapping/index.js";
import { makePlan } from "../../src/plan/index.js";
import { createLdifSource } from "../../src/source/ldif/index.js";
import { defaultMappingFile } from "./mapping.js";
import { writeSyntheticLdif } from "./users.js";

/** A directory with an LDIF export of `users` users, a configuration for it, a state directory and a simulator. */
export interface Workspace {
  dir: string;
  ldifFile: string;
  configFile: string;
  stateDir: string;
  sim: RunningSimulator;
  /** The environment the configuration reads. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * `inStep`: MBN already holds a contact for every user, exactly as a sync would have created it, last
 * modified an hour ago (so the next run has nothing to do and the changed-since feed is empty).
 */
export async function openWorkspace(users: number, options: { inStep?: boolean } = {}): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), "mbn-bench-"));
  const ldifFile = join(dir, "users.ldif");
  const configFile = join(dir, "mbn-ad-sync.yaml");
  const stateDir = join(dir, "state");
  const dataFile = join(dir, "mbn.json");
  await writeSyntheticLdif(ldifFile, users);
  if (options.inStep) await writeSimulatorData(dataFile, ldifFile);
  await writeFile(
    configFile,
    [
      "source: { type: ldif, file: ./users.ldif, disabledAccounts: exclude }",
      `mapping: ${JSON.stringify(defaultMappingFile)}`,
      "mbn:",
      "  baseUrl: ${env:MBN_BASE_URL}",
      "  clientId: demo-client",
      "  clientSecret: ${env:MBN_CLIENT_SECRET}",
      "  username: api-user-1",
      "  password: ${env:MBN_PASSWORD}",
      'sync: { externalIdPrefix: "ad:", deletes: delete }',
      "state: { dir: ./state }",
      "",
    ].join("\n"),
  );
  const sim = await startSimulator({ port: 0, ...(options.inStep ? { dataFile } : {}) });
  return {
    dir,
    ldifFile,
    configFile,
    stateDir,
    sim,
    env: { MBN_BASE_URL: sim.url, MBN_CLIENT_SECRET: "demo-secret", MBN_PASSWORD: "demo-password" },
    async close() {
      await sim.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The simulator's data file with a contact for every user of the LDIF, made by the same mapping and
 * planner as a sync. Through the file rather than the simulator's seed, which checks each new
 * externalId against every contact (minutes for 100,000) and gives each a later `modified`.
 */
async function writeSimulatorData(dataFile: string, ldifFile: string): Promise<void> {
  const read = await createLdifSource({ file: ldifFile, disabledAccounts: "exclude" }).read({
    attributes: [],
  });
  const mapping = await loadMapping(defaultMappingFile);
  const { desired } = mapUsers(read.users, mapping, "ad:");
  const options = { prefix: "ad:", deletes: "delete" as const };
  const plan = makePlan({ desired, contacts: [], managedFields: mapping.managedFields, options });
  const modified = new Date(Date.now() - 3_600_000).toISOString();
  const contacts = plan.entries.flatMap((e, i) =>
    e.action === "create"
      ? [{ id: `c_${String(i + 1).padStart(10, "0")}`, ...e.input, version: 1, modified }]
      : [],
  );
  const snapshot = {
    format: 1,
    nextId: contacts.length + 1,
    lastModified: modified,
    enterprises: { E1001: { contacts, tombstones: [] } },
  };
  await writeFile(dataFile, JSON.stringify(snapshot));
}
