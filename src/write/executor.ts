import pLimit from "p-limit";
import type { PlanAction, PlanEntry } from "../plan/index.js";
import type {
  ContactWriter,
  ExecuteOptions,
  ExecutionResult,
  WriteCounts,
  WriteError,
  WriteResult,
} from "./types.js";

const PHASES: readonly PlanAction[] = ["create", "update", "delete"];

/** Status and API code off whatever the writer threw (the MBN client's errors carry them). */
export function describeError(error: unknown): WriteError {
  const described: WriteError = { message: error instanceof Error ? error.message : String(error) };
  if (error !== null && typeof error === "object") {
    const { status, code } = error as { status?: unknown; code?: unknown };
    if (typeof status === "number") described.status = status;
    if (typeof code === "number") described.code = code;
  }
  return described;
}

async function write(entry: PlanEntry, writer: ContactWriter): Promise<WriteResult> {
  try {
    switch (entry.action) {
      case "create":
        return { entry, status: "ok", contact: await writer.create(entry) };
      case "update":
        return { entry, status: "ok", contact: await writer.update(entry) };
      case "delete":
        await writer.delete(entry);
        return { entry, status: "ok" };
    }
  } catch (error) {
    return { entry, status: "failed", error: describeError(error) };
  }
}

function countResults(results: readonly WriteResult[]): WriteCounts {
  const ok = (action: PlanAction): number =>
    results.filter((r) => r.status === "ok" && r.entry.action === action).length;
  return {
    created: ok("create"),
    updated: ok("update"),
    deleted: ok("delete"),
    failed: results.filter((r) => r.status === "failed").length,
    notAttempted: results.filter((r) => r.status === "not-attempted").length,
  };
}

/**
 * Schedules the writes of a plan: creates, then updates, then deletes, each phase finished before the
 * next begins, with at most `concurrency` writes in flight. A failed write does not stop the others (the
 * entries are independent); what to do about a failure (re-read, re-plan that one contact) is the
 * writer's business. The abort signal stops it, leaving the entries not yet started "not-attempted";
 * a failing `afterEach` (the audit log) stops it too, and its error is thrown once the writes in flight
 * have finished, so no write starts that could not be recorded.
 */
export async function executeWrites(
  entries: readonly PlanEntry[],
  writer: ContactWriter,
  options: ExecuteOptions,
): Promise<ExecutionResult> {
  const limit = pLimit(options.concurrency);
  const results: WriteResult[] = [];
  let stop: { error: unknown } | undefined;
  const stopped = (): boolean => stop !== undefined || options.signal?.aborted === true;

  const run = async (entry: PlanEntry): Promise<WriteResult> => {
    const result: WriteResult = stopped() ? { entry, status: "not-attempted" } : await write(entry, writer);
    if (stop === undefined && options.afterEach) {
      try {
        await options.afterEach(result);
      } catch (error) {
        stop = { error };
      }
    }
    return result;
  };

  for (const action of PHASES) {
    const phase = entries.filter((e) => e.action === action);
    results.push(...(await Promise.all(phase.map((entry) => limit(() => run(entry))))));
  }
  if (stop !== undefined) throw stop.error;
  const counts = countResults(results);
  return { results, counts, interrupted: counts.notAttempted > 0 };
}
