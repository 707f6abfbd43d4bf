import { readFile } from "node:fs/promises";
import type { LoadedConfig } from "../config/index.js";
import { loadMapping } from "../mapping/index.js";
import { DataError } from "../model/errors.js";
import { checkGuards, readPlanFile, type PlanFile } from "../plan/index.js";
import { buildReport, type ReportInput, type SyncReport } from "../report/index.js";
import { ignoreEvents, type EventSink } from "./events.js";
import { mirrorAfterWrites } from "./mirror-writes.js";
import { withRun } from "./run-frame.js";

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
 * The `apply` command: writes exactly the entries of a saved plan (`plan --out`), each against the
 * contact version it was planned with: a contact changed in MBN since then (412) is skipped and reported,
 * never overwritten. A plan made with another configuration or mapping is refused; the delete guards
 * apply as in `sync`.
 */
export async function runApply(
  loaded: LoadedConfig,
  planPath: string,
  options: ApplyOptions,
): Promise<SyncReport> {
  const onEvent = options.onEvent ?? ignoreEvents;
  const now = options.now ?? (() => new Date());
  const { config } = loaded;
  const file = await readPlan(planPath);
  await checkFingerprints(loaded, file, planPath);
  const { plan } = file;
  const guard = checkGuards({
    plan,
    maxDeletes: config.sync.maxDeletes,
    maxDeletePercent: config.sync.maxDeletePercent,
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
    guard: { ok: guard.ok, approved: guard.approved, trips: guard.trips },
  };
  if (!guard.ok || plan.entries.length === 0) return buildReport(report);

  return withRun(config, { now, onEvent }, async (frame) => {
    const written = await frame.write(plan.entries, {
      managedFields: file.managedFields,
      onStale: "skip",
      signal: options.signal,
    });
    // The mirror takes the answers of these writes, so the next run starts from the truth; a state of
    // another MBN directory is left as it is.
    const previous = frame.previousOf(await frame.client.enterpriseId());
    if (previous) {
      frame.save = {
        ...previous,
        contacts: mirrorAfterWrites(previous.contacts, written.results),
        lastRun: { finishedAt: now().toISOString(), desiredCount: plan.desiredCount },
      };
    }
    return buildReport({ ...report, written });
  });
}
