import pLimit from "p-limit";
import type { PlanAction, PlanEntry } from "../plan/index.js";
import type {
  ContactWriter,
  ExecuteOptions,
  ExecutionResult,
  WriteCounts,
  WriteError,
  WriteResult,
  WriteStatus,
} from "./types.js";
import { WriteSkipped } from "./write-skipped.js";

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
    if (entry.action === "delete") {
      const outcome = await writer.delete(entry);
      return { entry, status: outcome === "written" ? "ok" : "already-gone" };
    }
    const answer = entry.action === "create" ? await writer.create(entry) : await writer.update(entry);
    return {
      entry,
      status: answer.outcome === "written" ? "ok" : "already-present",
      contact: answer.contact,
      ...(answer.basis !== undefined ? { basis: answer.basis } : {}),
    };
  } catch (error) {
    const status = error instanceof WriteSkipped ? "stale" : "failed";
    return { entry, status, error: describeError(error) };
  }
}

function countResults(results: readonly WriteResult[]): WriteCounts {
  const count = (status: WriteStatus, action?: PlanAction): number =>
    results.filter((r) => r.status === status && (action === undefined || r.entry.action === action)).length;
  return {
    created: count("ok", "create"),
    updated: count("ok", "update"),
    deleted: count("ok", "delete"),
    alreadyPresent: count("already-present"),
    alreadyGone: count("already-gone"),
    stale: count("stale"),
    failed: count("failed"),
    notAttempted: count("not-attempted"),
  };
}

/**
 * Schedules the writes of a plan: creates, then updates, then deletes, each phase finished before the
 * next begins, with at most `concurrency` writes in flight. A failed write does not stop the others (the
 * entries are independent); what to do about a failure (re-read, re-plan that one contact) is the
 * writer's business, and a WriteSkipped from it (the contact changed in MBN since the plan) is "stale". The abort signal stops it, leaving the entries not yet started "not-attempted";
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
