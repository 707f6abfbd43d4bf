import { readFile } from "node:fs/promises";
import type { LoadedConfig } from "../config/index.js";
import { loadMapping } from "../mapping/index.js";
import { DataError } from "../model/errors.js";
import { checkGuards, readApproval, readPlanFile, shortHash, type PlanFile } from "../plan/index.js";
import { findApplied, type SyncState } from "../state/index.js";
import { buildReport, type ReportInput, type SyncReport } from "../report/index.js";
import { ignoreEvents, type EventSink } from "./events.js";
import { mirrorAfterWrites } from "./mirror-writes.js";
import { withRun, type RunFrame, type SaveInput } from "./run-frame.js";

export interface ApplyOptions {
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
      { cause: error },
    );
  }
  return readPlanFile(text, path);
}

/** Refuses a plan made with another configuration or mapping than the ones in force now. */
async function checkFingerprints(loaded: LoadedConfig, file: PlanFile, planPath: string): Promise<void> {
  const mapping = await loadMapping(loaded.config.mapping);
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
}

/**
 * A plan counts as applied from its first write on, however that apply ended: a second apply would repeat
 * writes already made (answered 409, 412 or 404, and audited a second time). After an interrupted or partly
 * failed apply, a new plan holds exactly what is still to do.
 */
function refuseApplied(frame: RunFrame, file: PlanFile, planPath: string): void {
  const applied = findApplied(frame.appliedPlans, { hash: file.plan.hash, createdAt: file.createdAt });
  if (!applied) return;
  throw new DataError(
    `plan file ${planPath} (plan ${shortHash(file.plan.hash)}, made ${file.createdAt}) was applied at ${applied.appliedAt}; ` +
      `applying it again would repeat its writes. Make a new plan with \`mbn-ad-sync plan --out ${planPath}\`, ` +
      "review it and apply that: it holds whatever is still to do.",
  );
}

/**
 * Everything before the first write: the audit log opened (one that cannot be created stops the run with
 * nothing written and nothing recorded), then the plan recorded as applied and the state to save set, so
 * both are saved whatever happens to the writes. Without a state of this MBN directory the mirror saved is
 * empty with no watermark: the next sync reads everything.
 */
async function beginWrites(frame: RunFrame, file: PlanFile, options: ApplyOptions, now: Date): Promise<void> {
  const enterpriseId = await frame.client.enterpriseId();
  await frame.audit();
  const previous = frame.previousOf(enterpriseId);
  // Since when users are missing (sync.deleteAfter) is carried as the last sync or plan left it: the
  // frame writes the whole save into the state file.
  const save: SaveInput & Pick<SyncState, "missingSince"> = {
    baseUrl: previous?.baseUrl ?? frame.client.baseUrl,
    enterpriseId,
    watermark: previous?.watermark ?? null,
    lastFullReadAt: previous?.lastFullReadAt ?? null,
    contacts: previous?.contacts ?? [],
    lastRun: { finishedAt: now.toISOString(), desiredCount: file.plan.desiredCount },
    ...(previous?.missingSince ? { missingSince: previous.missingSince } : {}),
  };
  frame.save = save;
  // A signal that came before any write leaves the plan unapplied: nothing of it will be attempted.
  if (!options.signal?.aborted) frame.markApplied({ hash: file.plan.hash, createdAt: file.createdAt });
}

/**
 * The `apply` command: writes exactly the entries of a saved plan (`plan --out`), each against the
 * contact version it was planned with: a contact changed in MBN since then (412) is skipped and reported,
 * never overwritten. A plan made with another configuration or mapping, or applied before, is refused;
 * the delete guards apply as in `sync`.
 */
export async function runApply(
  loaded: LoadedConfig,
  planPath: string,
  options: ApplyOptions,
): Promise<SyncReport> {
  const onEvent = options.onEvent ?? ignoreEvents;
  const now = options.now ?? (() => new Date());
  const { config } = loaded;
  if (options.approveDeletes !== undefined) readApproval(options.approveDeletes);
  const file = await readPlan(planPath);
  await checkFingerprints(loaded, file, planPath);
  const { plan } = file;
  const guard = checkGuards({
    plan,
    maxDeletes: config.sync.maxDeletes,
    maxDeletePercent: config.sync.maxDeletePercent,
    minDeletesForPercentGuard: config.sync.minDeletesForPercentGuard,
    pendingDeletes: plan.pendingDeletes?.length ?? 0,
    ...(options.approveDeletes ? { approvedHash: options.approveDeletes } : {}),
  });
  const report: ReportInput = {
    mode: "apply",
    source: {
      description: `plan file ${planPath} (made ${file.createdAt})`,
      users: plan.desiredCount,
      excludedDisabled: 0,
    },
    warnings: [],
    skipped: [],
    plan,
    guard: { ok: guard.ok, approved: guard.approved, trips: guard.trips, warnings: guard.warnings },
  };

  return withRun(config, { now, onEvent }, async (frame) => {
    // Under the lock, so two applies of one plan cannot both pass.
    refuseApplied(frame, file, planPath);
    if (!guard.ok || plan.entries.length === 0) return buildReport(report);
    await beginWrites(frame, file, options, now());
    const written = await frame.write(plan.entries, {
      managedFields: file.managedFields,
      onStale: "skip",
      signal: options.signal,
    });
    // The mirror takes the answers of these writes, so the next run starts from the truth; an empty one
    // (no watermark) stays empty, as the next run reads everything anyway.
    const save = frame.save;
    if (save?.watermark) save.contacts = mirrorAfterWrites(save.contacts, written.results);
    return buildReport({ ...report, written });
  });
}
