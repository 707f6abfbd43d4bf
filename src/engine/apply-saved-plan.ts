import { readFile } from "node:fs/promises";
import type { LoadedConfig } from "../config/index.js";
import { loadMapping } from "../mapping/index.js";
import { DataError } from "../model/errors.js";
import { checkGuards, readPlanFile, type PlanFile } from "../plan/index.js";
import type { SyncReport } from "../report/types.js";
import { createClient } from "./client-factory.js";
import { applyWritesToMirror } from "./mirror-refresh.js";
import { finishRun, openRunState, type SaveInput } from "./run-state.js";
import { writeOutcomes } from "./write-outcomes.js";
import { executePlan } from "./execute-plan.js";
import { buildReport } from "./report-builder.js";
import { ignoreEvents, type EventSink } from "./events.js";

export interface ApplySavedOptions {
  approveDeletes?: string;
  signal?: AbortSignal;
  onEvent?: EventSink;
  now?: () => Date;
}

async function readPlan(path: string): Promise<PlanFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new DataError(
      `plan file ${path} cannot be read (${code}); make one with \`mbn-ad-sync plan --out ${path}\`.`,
      {
        cause: error,
      },
    );
  }
  return readPlanFile(text, path);
}

/**
 * Applies exactly the entries of a saved plan (`plan --out`), each against the contact version it was
 * planned with: a contact changed in MBN since then (412) is skipped and reported, never overwritten.
 * A plan made with another configuration or mapping is refused; the delete guards apply as in `sync`.
 */
export async function applySavedPlan(
  loaded: LoadedConfig,
  planPath: string,
  options: ApplySavedOptions,
): Promise<SyncReport> {
  const onEvent = options.onEvent ?? ignoreEvents;
  const { config } = loaded;
  const file = await readPlan(planPath);
  const mapping = await loadMapping(config.mapping);
  const mismatch = [
    file.configFingerprint !== loaded.fingerprint ? `the configuration (${loaded.file})` : null,
    file.mappingFingerprint !== mapping.fingerprint ? `the mapping (${mapping.file})` : null,
  ].filter((m): m is string => m !== null);
  if (mismatch.length > 0) {
    throw new DataError(
      `plan file ${planPath} was made with another version of ${mismatch.join(" and ")}; ` +
        `make the plan again with \`mbn-ad-sync plan --out ${planPath}\`, review it, then apply it.`,
    );
  }
  const { plan } = file;
  const guard = checkGuards({
    plan,
    sourceComplete: file.sourceComplete,
    maxDeletes: config.sync.maxDeletes,
    maxDeletePercent: config.sync.maxDeletePercent,
    ...(options.approveDeletes ? { approvedHash: options.approveDeletes } : {}),
  });
  const common = {
    mode: "apply" as const,
    source: {
      description: `plan file ${planPath} (made ${file.createdAt})`,
      users: plan.desiredCount,
      complete: file.sourceComplete,
      excludedDisabled: 0,
    },
    warnings: [],
    skipped: [],
    plan,
    guard: { ok: guard.ok, approved: guard.approved, trips: guard.trips },
  };
  if (!guard.ok || plan.entries.length === 0) return buildReport(common);

  const now = options.now ?? (() => new Date());
  const state = await openRunState(config, now(), onEvent);
  let save: SaveInput | null = null;
  const client = createClient(config.mbn, onEvent);
  try {
    const applied = await executePlan(plan.entries, client, {
      managedFields: file.managedFields,
      onStale: "skip",
      concurrency: config.mbn.concurrency,
      ...(options.signal ? { signal: options.signal } : {}),
      onEvent,
      audit: state.audit,
      now,
    });
    // The mirror takes the answers of these writes, so the next run starts from the truth.
    const previous = state.previous;
    if (previous && previous.baseUrl === client.baseUrl) {
      save = {
        ...previous,
        contacts: applyWritesToMirror(previous.contacts, writeOutcomes(applied)),
        lastRun: { finishedAt: now().toISOString(), desiredCount: plan.desiredCount },
      };
    }
    return buildReport({ ...common, applied });
  } finally {
    await finishRun(client, state, save);
  }
}
