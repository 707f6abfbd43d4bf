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

type Attempt = { result: WriteResult; error?: unknown };

async function write(entry: PlanEntry, writer: ContactWriter): Promise<Attempt> {
  try {
    if (entry.action === "delete") {
      const outcome = await writer.delete(entry);
      return { result: { entry, status: outcome === "written" ? "ok" : "already-gone" } };
    }
    const answer = entry.action === "create" ? await writer.create(entry) : await writer.update(entry);
    const result: WriteResult = {
      entry,
      status: answer.outcome === "written" ? "ok" : "already-present",
      contact: answer.contact,
      ...(answer.basis !== undefined ? { basis: answer.basis } : {}),
    };
    return { result };
  } catch (error) {
    const status = error instanceof WriteSkipped ? "stale" : "failed";
    return { result: { entry, status, error: describeError(error) }, error };
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
 * have finished, so no write starts that could not be recorded; so does an error `endsRun` picks out.
 */
export async function executeWrites(
  entries: readonly PlanEntry[],
  writer: ContactWriter,
  options: ExecuteOptions,
): Promise<ExecutionResult> {
  const limit = pLimit(options.concurrency);
  const results: WriteResult[] = [];
  // The first error that ends the run: the audit log failing, or a write error the caller says is not the
  // entry's own. Once set, no write starts; the writes in flight finish and are still recorded, unless the
  // record itself is what failed.
  let stop: { error: unknown } | undefined;
  let recordFailed = false;
  const stopped = (): boolean => stop !== undefined || options.signal?.aborted === true;

  const run = async (entry: PlanEntry): Promise<WriteResult> => {
    const attempt: Attempt = stopped()
      ? { result: { entry, status: "not-attempted" } }
      : await write(entry, writer);
    if (attempt.error !== undefined && options.endsRun?.(attempt.error) === true) {
      stop ??= { error: attempt.error };
    }
    if (!recordFailed && options.afterEach) {
      try {
        await options.afterEach(attempt.result);
      } catch (error) {
        recordFailed = true;
        stop ??= { error };
      }
    }
    return attempt.result;
  };

  for (const action of PHASES) {
    const phase = entries.filter((e) => e.action === action);
    results.push(...(await Promise.all(phase.map((entry) => limit(() => run(entry))))));
  }
  if (stop !== undefined) throw stop.error;
  const counts = countResults(results);
  return { results, counts, interrupted: counts.notAttempted > 0 };
}
