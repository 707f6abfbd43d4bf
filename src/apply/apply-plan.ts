import pLimit from "p-limit";
import type { PlanAction, PlanEntry } from "../plan/types.js";
import type { ApplyEvent, ApplyOptions, ApplyResult, ContactWriter, ItemError, ItemResult } from "./types.js";

const PHASES: readonly PlanAction[] = ["create", "update", "delete"];

/** Status and API code off whatever the writer threw (the MBN client's errors carry them). */
export function describeError(error: unknown): ItemError {
  const described: ItemError = { message: error instanceof Error ? error.message : String(error) };
  if (error !== null && typeof error === "object") {
    const { status, code } = error as { status?: unknown; code?: unknown };
    if (typeof status === "number") described.status = status;
    if (typeof code === "number") described.code = code;
  }
  return described;
}

async function write(entry: PlanEntry, writer: ContactWriter): Promise<ItemResult> {
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

/**
 * Executes a plan as it stands: creates, then updates, then deletes, each phase finished before the
 * next begins, with at most `concurrency` writes in flight. It never re-plans and never stops on a
 * failed item (the entries are independent); only the abort signal stops it, leaving the entries
 * not yet started as "not-attempted".
 */
export async function applyPlan(
  entries: readonly PlanEntry[],
  writer: ContactWriter,
  options: ApplyOptions,
): Promise<ApplyResult> {
  const { signal } = options;
  // A failing progress listener must not abandon the writes half-way: its errors are dropped.
  const emit = (event: ApplyEvent): void => {
    try {
      options.onEvent?.(event);
    } catch {
      /* the listener's problem, not the run's */
    }
  };
  const limit = pLimit(options.concurrency);
  const results: ItemResult[] = [];

  for (const action of PHASES) {
    const phase = entries.filter((e) => e.action === action);
    if (phase.length === 0) continue;
    emit({ type: "phase", action });
    const done = await Promise.all(
      phase.map((entry) =>
        limit(async (): Promise<ItemResult> => {
          const result: ItemResult = signal?.aborted
            ? { entry, status: "not-attempted" }
            : await write(entry, writer);
          emit({ type: "item", result });
          return result;
        }),
      ),
    );
    results.push(...done);
  }

  const ok = (action: PlanAction): number =>
    results.filter((r) => r.status === "ok" && r.entry.action === action).length;
  const notAttempted = results.filter((r) => r.status === "not-attempted").length;
  return {
    results,
    counts: {
      created: ok("create"),
      updated: ok("update"),
      deleted: ok("delete"),
      failed: results.filter((r) => r.status === "failed").length,
      notAttempted,
    },
    interrupted: notAttempted > 0,
  };
}
