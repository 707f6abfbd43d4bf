import { describe, expect, it } from "vitest";
import { executeWrites } from "../../../src/write/index.js";
import { WriteSkipped } from "../../../src/write/index.js";
import type { ContactWriter, WriteCounts, WriterAnswer, WriteResult } from "../../../src/write/index.js";
import type { Contact } from "../../../src/model/contact.js";
import type { CreateEntry, DeleteEntry, PlanEntry, UpdateEntry } from "../../../src/plan/index.js";
import { makePlan } from "../../../src/plan/index.js";
import { contact, desired, key, planInput } from "../plan/builders.js";

class HttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: number,
  ) {
    super(message);
  }
}

/** An in-memory MBN that records the order of calls and how many run at once. */
class MemoryWriter implements ContactWriter {
  readonly calls: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private next = 1;
  /** Called as each write lands in MBN; may throw to fail it. */
  onWrite: (call: string) => void = () => undefined;

  constructor(private readonly delayMs = 2) {}

  private async run<T>(call: string, result: () => T): Promise<T> {
    this.calls.push(call);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      this.onWrite(call);
      return result();
    } finally {
      this.inFlight--;
    }
  }

  /** Calls answered as if MBN held what was wanted already (create/update) or the contact was gone (delete). */
  readonly alreadyThere = new Set<string>();

  private answer(call: string, contact: Contact): WriterAnswer {
    return { outcome: this.alreadyThere.has(call) ? "already-present" : "written", contact };
  }

  create({ input }: CreateEntry): Promise<WriterAnswer> {
    const call = `create:${input.externalId ?? ""}`;
    return this.run(call, () =>
      this.answer(call, { ...input, id: `new${this.next++}`, version: 1, modified: "2026-01-01T00:00:00Z" }),
    );
  }

  update({ contactId: id, input, baseVersion }: UpdateEntry): Promise<WriterAnswer> {
    const call = `update:${id}@${baseVersion}`;
    return this.run(call, () =>
      this.answer(call, { ...input, id, version: baseVersion + 1, modified: "2026-01-01T00:00:00Z" }),
    );
  }

  delete({ contactId: id, baseVersion }: DeleteEntry): Promise<"written" | "already-gone"> {
    const call = `delete:${id}@${baseVersion}`;
    return this.run(call, () => (this.alreadyThere.has(call) ? "already-gone" : "written"));
  }
}

/** Creates for users 1..n, updates for users 101..100+n, deletes for users 201..200+n. */
function entries(n: number): PlanEntry[] {
  const range = (from: number): number[] => Array.from({ length: n }, (_, i) => from + i);
  const wanted = [...range(1).map((i) => desired(i)), ...range(101).map((i) => desired(i, { title: "New" }))];
  const stored = [
    ...range(101).map((i) => contact(i, { version: 4 })),
    ...range(201).map((i) => contact(i, { version: 9 })),
  ];
  return makePlan(planInput(wanted, stored)).entries;
}

const phaseOf = (call: string): string => call.split(":")[0] ?? "";

const none: WriteCounts = {
  created: 0,
  updated: 0,
  deleted: 0,
  alreadyPresent: 0,
  alreadyGone: 0,
  stale: 0,
  failed: 0,
  notAttempted: 0,
};

describe("executeWrites", () => {
  it("runs every create, then every update, then every delete, with the planned versions", async () => {
    const writer = new MemoryWriter();
    const seen: WriteResult[] = [];
    const result = await executeWrites(entries(5), writer, {
      concurrency: 3,
      afterEach: (r) => void seen.push(r),
    });

    const phases = writer.calls.map(phaseOf);
    expect(phases).toEqual([
      ...Array<string>(5).fill("create"),
      ...Array<string>(5).fill("update"),
      ...Array<string>(5).fill("delete"),
    ]);
    expect(writer.calls).toContain("update:c0101@4");
    expect(writer.calls).toContain("delete:c0201@9");
    expect(result.counts).toEqual({ ...none, created: 5, updated: 5, deleted: 5 });
    expect(result.interrupted).toBe(false);
    expect(result.results.every((r) => r.status === "ok")).toBe(true);
    expect(result.results[0]?.contact?.externalId).toBe(key(1));
    expect(result.results[5]?.contact?.version).toBe(5);
    expect(seen).toHaveLength(15);
    expect(new Set(seen)).toEqual(new Set(result.results));
  });

  it("starts no phase before the previous one has finished", async () => {
    const writer = new MemoryWriter();
    const seen: string[] = [];
    writer.onWrite = (call) => {
      // when a write completes, no write of a later phase may have started yet
      const later = { create: ["update", "delete"], update: ["delete"], delete: [] }[phaseOf(call)] ?? [];
      seen.push(...writer.calls.filter((c) => later.includes(phaseOf(c))));
    };
    await executeWrites(entries(6), writer, { concurrency: 4 });
    expect(seen).toEqual([]);
  });

  it.each([1, 2, 5])("never has more than %i writes in flight", async (concurrency) => {
    const writer = new MemoryWriter(3);
    await executeWrites(entries(8), writer, { concurrency });
    expect(writer.maxInFlight).toBe(concurrency);
  });

  it("records a failed item with its message, status and code, and carries on", async () => {
    const writer = new MemoryWriter();
    writer.onWrite = (call) => {
      if (call === `create:${key(2)}`) throw new HttpError("MBN refused: invalid email", 400, 1003);
      if (call === "delete:c0202@9") throw new Error("socket hang up");
    };
    const result = await executeWrites(entries(3), writer, { concurrency: 2 });

    expect(result.counts).toEqual({ ...none, created: 2, updated: 3, deleted: 2, failed: 2 });
    const failed = result.results.filter((r) => r.status === "failed");
    expect(failed.map((r) => r.error)).toEqual([
      { message: "MBN refused: invalid email", status: 400, code: 1003 },
      { message: "socket hang up" },
    ]);
    expect(failed[0]?.entry.externalId).toBe(key(2));
    expect(result.interrupted).toBe(false);
  });

  it("tells a write made from one already there (none counted as created or deleted), and a stale item from a failure", async () => {
    const writer = new MemoryWriter();
    writer.alreadyThere
      .add(`create:${key(1)}`)
      .add("update:c0101@4")
      .add("delete:c0201@9");
    writer.onWrite = (call) => {
      if (call === "update:c0102@4")
        throw new WriteSkipped("contact c0102 changed in MBN since the plan", 412, 41201);
    };
    const result = await executeWrites(entries(2), writer, { concurrency: 2 });

    expect(result.counts).toEqual({
      ...none,
      created: 1,
      alreadyPresent: 2,
      stale: 1,
      deleted: 1,
      alreadyGone: 1,
    });
    expect(result.results.map((r) => r.status)).toEqual([
      "already-present",
      "ok",
      "already-present",
      "stale",
      "already-gone",
      "ok",
    ]);
    expect(result.results[3]?.error).toEqual({
      message: "contact c0102 changed in MBN since the plan",
      status: 412,
      code: 41201,
    });
    expect(result.results[0]?.contact?.externalId).toBe(key(1));
  });

  it("stops scheduling on abort: in-flight writes finish, the rest are not attempted", async () => {
    const writer = new MemoryWriter();
    const controller = new AbortController();
    writer.onWrite = (call) => {
      if (call === "update:c0101@4") controller.abort();
    };
    const result = await executeWrites(entries(4), writer, { concurrency: 2, signal: controller.signal });

    expect(result.interrupted).toBe(true);
    // the update still in flight when the signal fired completed; nothing started after it
    expect(writer.calls.filter((c) => c.startsWith("update"))).toEqual(["update:c0101@4", "update:c0102@4"]);
    expect(writer.calls.some((c) => c.startsWith("delete"))).toBe(false);
    expect(result.counts).toEqual({ ...none, created: 4, updated: 2, notAttempted: 6 });
    expect(result.results.filter((r) => r.status === "not-attempted").map((r) => r.entry.action)).toEqual([
      "update",
      "update",
      "delete",
      "delete",
      "delete",
      "delete",
    ]);
  });

  it("attempts nothing when the signal is already aborted", async () => {
    const writer = new MemoryWriter();
    const result = await executeWrites(entries(2), writer, { concurrency: 2, signal: AbortSignal.abort() });
    expect(writer.calls).toEqual([]);
    expect(result.counts.notAttempted).toBe(6);
    expect(result.interrupted).toBe(true);
  });

  it("starts no write after afterEach fails (the audit log), finishes those in flight, then throws its error", async () => {
    const writer = new MemoryWriter();
    const full = new Error("ENOSPC: the audit log cannot be written");
    let calls = 0;
    const afterEach = (): void => {
      if (++calls === 3) throw full;
    };
    await expect(executeWrites(entries(4), writer, { concurrency: 2, afterEach })).rejects.toBe(full);
    // two writes in flight when the third result failed to be recorded: four started, no more
    expect(writer.calls).toHaveLength(4);
    expect(writer.calls.every((c) => c.startsWith("create"))).toBe(true);
    expect(calls).toBe(3);
  });

  it("ends the run on an error endsRun picks out: no write starts after it, those in flight finish and are recorded", async () => {
    const writer = new MemoryWriter();
    const down = new HttpError("MBN unavailable", 503, 50301);
    writer.onWrite = (call) => {
      if (call === writer.calls[2]) throw down;
    };
    const recorded: WriteResult[] = [];
    const run = executeWrites(entries(4), writer, {
      concurrency: 2,
      endsRun: (error) => error === down,
      afterEach: (r) => void recorded.push(r),
    });
    await expect(run).rejects.toBe(down);
    // the third write failed with two in flight: four started, every one recorded, nothing after
    expect(writer.calls).toHaveLength(4);
    expect(recorded.filter((r) => r.status !== "not-attempted")).toHaveLength(4);
    expect(recorded.filter((r) => r.status === "failed")).toHaveLength(1);
  });

  it("an error endsRun leaves alone fails only its own entry", async () => {
    const writer = new MemoryWriter();
    const refused = new HttpError("contact refused", 400, 40001);
    writer.onWrite = (call) => {
      if (call === writer.calls[0]) throw refused;
    };
    const result = await executeWrites(entries(1), writer, { concurrency: 1, endsRun: () => false });
    expect(result.counts.failed).toBe(1);
    expect(writer.calls).toHaveLength(3);
  });

  it("waits for afterEach before that slot takes its next entry", async () => {
    const writer = new MemoryWriter();
    const startedWhenRecorded: number[] = [];
    await executeWrites(entries(2), writer, {
      concurrency: 1,
      afterEach: async () => {
        await new Promise((resolve) => setImmediate(resolve));
        startedWhenRecorded.push(writer.calls.length);
      },
    });
    // with one slot, the k-th result is recorded before write k + 1 starts
    expect(startedWhenRecorded).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("does nothing for an empty plan", async () => {
    const seen: WriteResult[] = [];
    const result = await executeWrites([], new MemoryWriter(), {
      concurrency: 1,
      afterEach: (r) => void seen.push(r),
    });
    expect(result).toEqual({
      results: [],
      counts: none,
      interrupted: false,
    });
    expect(seen).toEqual([]);
  });
});
