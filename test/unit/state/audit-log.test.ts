import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { AuditRecord } from "../../../src/state/index.js";
import { openAuditLog, rotatedName, StateError } from "../../../src/state/index.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";

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

describe("openAuditLog", () => {
  it("creates the file mode 0600 and appends one line per record, after earlier lines", async () => {
    const file = join(await tempDir(), "audit.jsonl");
    const first = await openAuditLog(file);
    await first.append(record(1));
    await first.close();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const log = await openAuditLog(file);
    await log.append(record(2, { action: "create", contactId: null, before: null }));
    await log.append(record(3, { action: "delete", after: null, result: "failed", error: "412" }));
    await log.close();
    expect(await lines(file)).toEqual([
      record(1),
      record(2, { action: "create", contactId: null, before: null }),
      record(3, { action: "delete", after: null, result: "failed", error: "412" }),
    ]);
  });

  it("keeps 1,000 records appended without waiting in the order they came", async () => {
    const file = join(await tempDir(), "audit.jsonl");
    const log = await openAuditLog(file);
    const appends: Promise<void>[] = [];
    for (let i = 1; i <= 1000; i++) appends.push(log.append(record(i)));
    await Promise.all(appends);
    await log.close();
    const read = await lines(file);
    expect(read.map((r) => r.contactId)).toEqual(Array.from({ length: 1000 }, (_, i) => `c_${i + 1}`));
  });

  it("has the line in the file when append resolves, without a close", async () => {
    const file = join(await tempDir(), "audit.jsonl");
    const log = await openAuditLog(file);
    await log.append(record(1));
    expect(await lines(file)).toEqual([record(1)]);
    await log.close();
  });

  it("fails to open, naming the file, when it cannot be created", async () => {
    const file = join(await tempDir(), "missing", "audit.jsonl");
    const error = await openAuditLog(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateError);
    expect((error as StateError).message).toContain(file);
  });

  it("rejects the append that fails and every one after it", async () => {
    const file = join(await tempDir(), "audit.jsonl");
    const log = await openAuditLog(file);
    await log.close(); // a closed handle makes the next append fail, as a full disk would
    const first = await log.append(record(1)).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(StateError);
    expect((first as StateError).message).toContain(file);
    await expect(log.append(record(2))).rejects.toBe(first);
  });
});

describe("openAuditLog: rotation", () => {
  // Records 10 and up are two bytes longer than 1–9: sized on them, three lines of any fit in maxBytes.
  const lineBytes = `${JSON.stringify(record(10))}\n`.length;

  async function allFiles(dir: string): Promise<string[]> {
    return (await readdir(dir)).sort();
  }

  it("rotates between lines by size, keeping every line in order across the files, each 0600", async () => {
    const dir = await tempDir();
    const file = join(dir, "audit.jsonl");
    // Three lines fit in a file; 25 lines make 9 files: the live one and audit.1 … audit.8.
    const log = await openAuditLog(file, { maxBytes: lineBytes * 3, keep: 20 });
    const appends: Promise<void>[] = [];
    for (let i = 1; i <= 25; i++) appends.push(log.append(record(i)));
    await Promise.all(appends);
    await log.close();

    const names = await allFiles(dir);
    expect(names).toHaveLength(9);
    const oldestFirst = [...Array.from({ length: 8 }, (_, i) => rotatedName(file, 8 - i)), file];
    const read: AuditRecord[] = [];
    for (const f of oldestFirst) {
      const text = await readFile(f, "utf8");
      expect(text.length).toBeLessThanOrEqual(lineBytes * 3);
      expect((await stat(f)).mode & 0o777).toBe(0o600);
      read.push(...(await lines(f)));
    }
    expect(read.map((r) => r.contactId)).toEqual(Array.from({ length: 25 }, (_, i) => `c_${i + 1}`));
  });

  it("names rotated files audit.N.jsonl and drops the ones past `keep`", async () => {
    const dir = await tempDir();
    const file = join(dir, "audit.jsonl");
    const log = await openAuditLog(file, { maxBytes: lineBytes, keep: 2 });
    for (let i = 1; i <= 5; i++) await log.append(record(i));
    await log.close();
    expect(await allFiles(dir)).toEqual(["audit.1.jsonl", "audit.2.jsonl", "audit.jsonl"]);
    expect((await lines(join(dir, "audit.2.jsonl"))).map((r) => r.contactId)).toEqual(["c_3"]);
    expect((await lines(join(dir, "audit.1.jsonl"))).map((r) => r.contactId)).toEqual(["c_4"]);
    expect((await lines(file)).map((r) => r.contactId)).toEqual(["c_5"]);
  });

  it("counts the file left by an earlier run, and gives a line longer than maxBytes a file of its own", async () => {
    const dir = await tempDir();
    const file = join(dir, "audit.jsonl");
    const earlier = await openAuditLog(file, { maxBytes: lineBytes * 2, keep: 5 });
    await earlier.append(record(1));
    await earlier.close();
    const log = await openAuditLog(file, { maxBytes: lineBytes * 2, keep: 5 });
    await log.append(record(2)); // fits beside record 1
    await log.append(record(3, { error: "x".repeat(lineBytes * 3), result: "failed" })); // too long for any file
    await log.append(record(4));
    await log.close();
    expect((await lines(join(dir, "audit.2.jsonl"))).map((r) => r.contactId)).toEqual(["c_1", "c_2"]);
    expect((await lines(join(dir, "audit.1.jsonl"))).map((r) => r.contactId)).toEqual(["c_3"]);
    expect((await lines(file)).map((r) => r.contactId)).toEqual(["c_4"]);
  });

  it("makes an existing file 0600 when it opens it", async () => {
    const file = join(await tempDir(), "audit.jsonl");
    await writeFile(file, "", { mode: 0o644 });
    const log = await openAuditLog(file);
    await log.close();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it("fails the append, naming the file, when rotating is impossible, and every append after it", async () => {
    const dir = await tempDir();
    const file = join(dir, "audit.jsonl");
    await mkdir(rotatedName(file, 1)); // a directory where audit.1.jsonl must go
    await writeFile(join(rotatedName(file, 1), "x"), "");
    const log = await openAuditLog(file, { maxBytes: lineBytes, keep: 1 });
    await log.append(record(1));
    const error = await log.append(record(2)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateError);
    expect((error as StateError).message).toContain(file);
    expect((error as StateError).message).toContain("rotate");
    await expect(log.append(record(3))).rejects.toBe(error);
    await log.close();
    expect((await lines(file)).map((r) => r.contactId)).toEqual(["c_1"]);
  });
});
