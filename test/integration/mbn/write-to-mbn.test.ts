import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MbnClient } from "../../../src/mbn/index.js";
import { MANAGEABLE_FIELDS } from "../../../src/model/contact.js";
import { makePlan, type PlanEntry } from "../../../src/plan/index.js";
import { startSimulator, type RunningSimulator } from "../../../src/simulator/index.js";
import { openAuditLog, StateError, type AuditLog, type AuditRecord } from "../../../src/state/index.js";
import { writeToMbn } from "../../../src/write/index.js";
import { demoClient } from "../../helpers/demo-client.js";
import { client as faultClient, closeClients, SIM_AUTH } from "./helpers.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";

const E = "E1001";
const managedFields = MANAGEABLE_FIELDS.filter((f) => f !== "notes");
let sim: RunningSimulator;
let client: MbnClient;
let dir: string;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  client = demoClient(sim.url, { requestsPerSecond: 500 });
  dir = await tempDir("write-to-mbn-");
});

afterAll(async () => {
  await client.close();
  await sim.close();
  await removeTempDirs();
});

/** Creates for `n` new users, keyed from `from` on. */
function creates(n: number, from: number): PlanEntry[] {
  const desired = Array.from({ length: n }, (_, i) => ({
    externalId: `ad:00000000-0000-4000-8000-${String(from + i).padStart(12, "0")}`,
    source: `user${from + i}`,
    fields: { firstName: `First${from + i}`, lastName: "Audit" },
  }));
  return makePlan({ desired, contacts: [], managedFields, options: { prefix: "ad:", deletes: "delete" } })
    .entries;
}

/** The real audit log, that fails from the append number `failFrom` on, as a full disk would. */
function failingFrom(log: AuditLog, failFrom: number, file: string): AuditLog {
  let appends = 0;
  return {
    append: (record) =>
      ++appends >= failFrom
        ? Promise.reject(new StateError(file, "cannot append (ENOSPC)"))
        : log.append(record),
    close: () => log.close(),
  };
}

const posts = (): number => sim.stats().byRoute["POST /contacts"] ?? 0;

describe("writeToMbn", () => {
  it("audits every write, one line each, and reports progress after it", async () => {
    const file = join(dir, "ok.jsonl");
    const log = await openAuditLog(file);
    const progress: number[] = [];
    const written = await writeToMbn(creates(6, 1), client, {
      managedFields,
      onStale: "replan",
      concurrency: 3,
      audit: log,
      now: () => new Date(),
      onProgress: (done) => progress.push(done),
    });
    await log.close();
    expect(written.counts.created).toBe(6);
    const lines = (await readFile(file, "utf8")).trimEnd().split("\n");
    expect(lines.map((l) => (JSON.parse(l) as { result: string }).result)).toEqual(Array(6).fill("ok"));
    expect(progress).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("reports and audits our own earlier creates (MBN's 409) as already present, never as created", async () => {
    const file = join(dir, "again.jsonl");
    const log = await openAuditLog(file);
    const write = (entries: PlanEntry[]) =>
      writeToMbn(entries, client, {
        managedFields,
        onStale: "replan",
        concurrency: 2,
        audit: log,
        now: () => new Date(),
      });
    const entries = creates(3, 200);
    const lost = creates(1, 300);
    await write(entries);
    // the same creates again (a plan applied twice), and one whose answer is lost (the retry meets 409)
    const again = await write(entries);
    sim.setFaults({ lostPostRate: 1 });
    const recovered = await write(lost).finally(() => {
      sim.setFaults({});
    });
    await log.close();

    expect(again.counts).toMatchObject({ created: 0, alreadyPresent: 3, failed: 0 });
    expect(again.results.map((r) => r.status)).toEqual(Array(3).fill("already-present"));
    expect(recovered.counts).toMatchObject({ created: 0, alreadyPresent: 1 });
    const records = (await readFile(file, "utf8"))
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as AuditRecord);
    expect(records.map((r) => r.result)).toEqual([
      ...Array<string>(3).fill("ok"),
      ...Array<string>(4).fill("already-present"),
    ]);
    const stored = sim.contacts(E).find((c) => c.externalId === lost[0]?.externalId);
    expect(records[6]).toMatchObject({ action: "create", contactId: stored?.id, result: "already-present" });
    expect(records[6]?.after).toMatchObject({ firstName: "First300", lastName: "Audit", title: null });
  });

  it("stops writing to MBN as soon as the audit log cannot be appended to", async () => {
    const file = join(dir, "full.jsonl");
    const log = failingFrom(await openAuditLog(file), 3, file);
    const before = posts();
    const entries = creates(20, 100);
    const run = writeToMbn(entries, client, {
      managedFields,
      onStale: "replan",
      concurrency: 2,
      audit: log,
      now: () => new Date(),
    });
    await expect(run).rejects.toBeInstanceOf(StateError);
    await log.close();
    // Two audited, the third failed to be: at most the one other write in flight went out after it.
    const sent = posts() - before;
    expect(sent).toBeGreaterThanOrEqual(3);
    expect(sent).toBeLessThanOrEqual(4);
    const batch = new Set(entries.map((e) => e.externalId));
    expect(sim.contacts(E).filter((c) => batch.has(c.externalId ?? ""))).toHaveLength(sent);
    expect((await readFile(file, "utf8")).trimEnd().split("\n")).toHaveLength(2);
  });

  it("ends the run when MBN itself fails (503 past the retries), not each contact in turn", async () => {
    const down = await startSimulator({ port: 0, ...SIM_AUTH });
    const downClient = faultClient(down.url);
    try {
      await downClient.userInfo(); // the token, before MBN goes down
      down.setFaults({ error503Rate: 1 });
      const file = join(dir, "down.jsonl");
      const log = await openAuditLog(file);
      const run = writeToMbn(creates(20, 400), downClient, {
        managedFields,
        onStale: "replan",
        concurrency: 2,
        audit: log,
        now: () => new Date(),
      });
      await expect(run).rejects.toMatchObject({ exitCode: 69, status: 503 });
      await log.close();
      // The two writes in flight failed and were audited; none of the other 18 was tried.
      const lines = (await readFile(file, "utf8")).trimEnd().split("\n");
      expect(lines).toHaveLength(2);
      expect(lines.map((l) => (JSON.parse(l) as AuditRecord).result)).toEqual(["failed", "failed"]);
    } finally {
      await closeClients();
      await down.close();
    }
  });
});
