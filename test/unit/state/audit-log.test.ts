import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { AuditRecord } from "../../../src/state/index.js";
import { appendAudit, openAuditWriter, StateError } from "../../../src/state/index.js";
import { removeTempDirs, tempDir } from "./helpers.js";

afterAll(removeTempDirs);

function record(n: number, extra: Partial<AuditRecord> = {}): AuditRecord {
  return {
    time: new Date(Date.UTC(2026, 10, 26, 12, 0, n)).toISOString(),
    action: "update",
    contactId: `c_${n}`,
    externalId: `ad:${n}`,
    before: { title: "Old", phoneNumbers: [] },
    after: { title: "New", phoneNumbers: [{ type: "mobile", number: "+4791234567" }] },
    result: "ok",
    ...extra,
  };
}

async function lines(file: string): Promise<AuditRecord[]> {
  const text = await readFile(file, "utf8");
  expect(text.endsWith("\n")).toBe(true);
  return text
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as AuditRecord);
}

describe("appendAudit", () => {
  it("creates the file mode 0600 and appends, keeping earlier lines", async () => {
    const file = join(await tempDir(), "audit.jsonl");
    await appendAudit(file, [record(1), record(2, { action: "create", contactId: null, before: null })]);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await appendAudit(file, []);
    await appendAudit(file, [record(3, { action: "delete", after: null, result: "failed", error: "412" })]);
    expect(await lines(file)).toEqual([
      record(1),
      record(2, { action: "create", contactId: null, before: null }),
      record(3, { action: "delete", after: null, result: "failed", error: "412" }),
    ]);
  });

  it("names the file when it cannot append", async () => {
    const dir = await tempDir();
    const file = join(dir, "missing", "audit.jsonl");
    const error = await appendAudit(file, [record(1)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateError);
    expect((error as StateError).message).toContain(file);
  });
});

describe("openAuditWriter", () => {
  it("writes 1,000 records one by one, in order, after earlier lines", async () => {
    const file = join(await tempDir(), "audit.jsonl");
    await appendAudit(file, [record(0)]);
    const writer = openAuditWriter(file);
    const t0 = performance.now();
    for (let i = 1; i <= 1000; i++) {
      writer.write(record(i));
      // As the engine would: a write finishes now and then, not all in one tick.
      if (i % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await writer.flush();
    const ms = performance.now() - t0;
    console.info(`audit: 1,000 records written one by one in ${ms.toFixed(0)} ms`);
    const read = await lines(file);
    expect(read).toHaveLength(1001);
    expect(read.map((r) => r.contactId)).toEqual(Array.from({ length: 1001 }, (_, i) => `c_${i}`));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it("costs little even when every record is awaited on its own", async () => {
    const file = join(await tempDir(), "audit.jsonl");
    const t0 = performance.now();
    for (let i = 1; i <= 1000; i++) await appendAudit(file, [record(i)]);
    const ms = performance.now() - t0;
    console.info(`audit: 1,000 appendAudit calls, each awaited, in ${ms.toFixed(0)} ms`);
    expect(await lines(file)).toHaveLength(1000);
  });

  it("puts each record on disk soon after it is written, without a flush", async () => {
    const file = join(await tempDir(), "audit.jsonl");
    const writer = openAuditWriter(file);
    writer.write(record(1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await lines(file)).toEqual([record(1)]);
    await writer.flush();
  });

  it("reports a failure on flush", async () => {
    const dir = await tempDir();
    const writer = openAuditWriter(join(dir, "missing", "audit.jsonl"));
    writer.write(record(1));
    await expect(writer.flush()).rejects.toBeInstanceOf(StateError);
  });
});
