import { writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../../src/simulator/index.js";
import { createLdifSource } from "../../../src/source/ldif/index.js";
import { loadMapping, mapUsers } from "../../../src/mapping/index.js";
import type { SyncReport } from "../../../src/report/index.js";
import { toInput } from "../../../src/model/contact.js";
import { runCli } from "../../helpers/cli.js";
import { demoClient } from "../../helpers/demo-client.js";
import { defaultMapping, demoLdif, simulatorEnv, writeSyncConfig } from "../../helpers/sync-config.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";

let sim: RunningSimulator;
let dir: string;
let config: string;
const env = simulatorEnv;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  dir = await tempDir("mbn-e2e-");
  config = writeSyncConfig(dir, "mbn-ad-sync.yaml", { baseUrl: sim.url });
});

afterAll(async () => {
  await sim.close();
  await removeTempDirs();
});

async function expectedContacts() {
  const read = await createLdifSource({ file: demoLdif, disabledAccounts: "exclude" }).read({
    attributes: [],
  });
  return mapUsers(read.users, await loadMapping(defaultMapping), "ad:");
}

describe("sync from the demo LDIF into the simulator", () => {
  it("a dry run reports the creates and writes nothing", async () => {
    const expected = await expectedContacts();
    const result = await runCli(["sync", "--dry-run", "--json", "--config", config], { env });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as SyncReport;
    expect(report).toMatchObject({ mode: "dry-run", written: false, notWrittenBecause: "dry-run" });
    expect(report.planned).toEqual({ create: expected.desired.length, update: 0, delete: 0 });
    expect(report.summary).toMatchObject({ create: 0, update: 0, delete: 0 });
    expect(report.changes.every((c) => c.status === "planned")).toBe(true);
    expect(report.skipped).toEqual(expected.skipped);
    expect(report.warnings).toEqual(expected.warnings);
    expect(report.planHash).toMatch(/^[0-9a-f]{64}$/);
    expect(sim.contacts("E1001")).toHaveLength(0);
  });

  it("a sync creates every contact with the mapped values", async () => {
    const expected = await expectedContacts();
    const result = await runCli(["sync", "--json", "--config", config], { env });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as SyncReport;
    expect(report).toMatchObject({ mode: "apply", written: true, notWrittenBecause: null });
    expect(report.summary).toMatchObject({ create: expected.desired.length, alreadyPresent: 0, failed: 0 });
    expect(report.changes.every((c) => c.status === "done")).toBe(true);
    expect(report.failures).toEqual([]);

    const stored = new Map(sim.contacts("E1001").map((c) => [c.externalId, c]));
    expect(stored.size).toBe(expected.desired.length);
    for (const desired of expected.desired) {
      const contact = stored.get(desired.externalId);
      expect(contact, desired.source).toBeDefined();
      expect(contact).toMatchObject(desired.fields);
    }
  });

  it("a second sync changes nothing, and --check exits 0", async () => {
    const before = sim.contacts("E1001").map((c) => c.version);
    const result = await runCli(["sync", "--check", "--config", config], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("would create 0, update 0, delete 0");
    expect(sim.contacts("E1001").map((c) => c.version)).toEqual(before);
  });

  it("--check exits 2 when a managed contact was changed by hand, and a sync puts it back", async () => {
    const client = demoClient(sim.url);
    const [first] = sim.contacts("E1001");
    if (!first) throw new Error("no contact to edit");
    await client.updateContact(first.id, {
      ...toInput(first),
      title: "Edited by hand",
      notes: "typed in MBN",
    });
    await client.close();

    const check = await runCli(["sync", "--check", "--json", "--config", config], { env });
    expect(check.code, check.stderr).toBe(2);
    const report = JSON.parse(check.stdout) as SyncReport;
    expect(report.planned).toEqual({ create: 0, update: 1, delete: 0 });
    expect(report.changes[0]?.fields["title"]?.from).toBe("Edited by hand");

    const sync = await runCli(["sync", "--config", config], { env });
    expect(sync.code).toBe(0);
    const after = sim.contacts("E1001").find((c) => c.id === first.id);
    expect(after?.title).toBe(first.title);
    expect(after?.notes).toBe("typed in MBN");
  });
});

describe("exit codes", () => {
  it("78 for a configuration error, naming the key", async () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(
      bad,
      readFileSync(config, "utf8").replace("clientId: demo-client", "clientIdd: demo-client"),
    );
    const result = await runCli(["sync", "--config", bad], { env });
    expect(result.code).toBe(78);
    expect(result.stderr).toContain("clientIdd");
  });

  it("64 for an unknown option", async () => {
    const result = await runCli(["sync", "--no-such-option"]);
    expect(result.code).toBe(64);
  });

  it("69 when MBN refuses the credentials, without printing the secret", async () => {
    const result = await runCli(["sync", "--config", config], {
      env: { MBN_TEST_SECRET: "wrong-secret-value", MBN_TEST_PASSWORD: "demo-password" },
    });
    expect(result.code).toBe(69);
    expect(result.stderr).toContain("demo-client");
    expect(result.stderr + result.stdout).not.toContain("wrong-secret-value");
  });
});
