import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { AuditRecord } from "../../../src/state/index.js";
import { openAuditLog, StateError } from "../../../src/state/index.js";
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
