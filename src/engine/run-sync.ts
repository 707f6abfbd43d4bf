import type { LoadedConfig } from "../config/index.js";
import { checkGuards, makePlan, writePlanFile } from "../plan/index.js";
import type { SyncReport } from "../report/types.js";
import { writeFileAtomic } from "../state/index.js";
import { createClient } from "./client-factory.js";
import { executePlan } from "./execute-plan.js";
import { applyWritesToMirror, refreshMirror } from "./mirror-refresh.js";
import { readDirectory } from "./read-directory.js";
import { writeOutcomes } from "./write-outcomes.js";
import { buildReport } from "./report-builder.js";
import { finishRun, openRunState, type SaveInput } from "./run-state.js";
import { ignoreEvents, type EventSink } from "./events.js";

export interface SyncOptions {
  /** "dry-run" stops after the plan; "apply" writes. */
  mode: "dry-run" | "apply";
  /** Read the whole MBN directory instead of the changes since the last run. */
  full?: boolean;
  /** The plan hash the operator approved with --approve-deletes. */
  approveDeletes?: string;
  /** Write the plan to this file (mode 0600) for a later `apply`. */
  planOut?: string;
  /** Stops scheduling writes when aborted (SIGINT/SIGTERM); writes in flight finish. */
  signal?: AbortSignal;
  onEvent?: EventSink;
  /** The clock. */
  now?: () => Date;
}

/**
 * One run of the pipeline under the state directory's lock: read the directory, map, bring the mirror of
 * MBN up to date, plan, guard, and (in apply mode) write, then save the mirror with the answers of the
 * writes. Returns the report; the command decides the exit code from it. Errors that stop the run before
 * a plan exists (configuration, unreachable LDAP or MBN, unreadable input, the lock) are thrown.
 */
export async function runSync(loaded: LoadedConfig, options: SyncOptions): Promise<SyncReport> {
  const onEvent = options.onEvent ?? ignoreEvents;
  const now = options.now ?? (() => new Date());
  const { config } = loaded;
  const state = await openRunState(config, now(), onEvent);
  let save: SaveInput | null = null;
  const client = createClient(config.mbn, onEvent);
  try {
    const directory = await readDirectory(config, onEvent);
    const { mapping, read } = directory;

    const enterpriseId = await client.enterpriseId();
    onEvent({
      type: "stage",
      stage: "mbn",
      message: `Reading contacts of ${enterpriseId} from ${client.baseUrl}`,
    });
    const mirror = await refreshMirror(client, {
      previous: state.previous,
      ...(state.problem ? { previousProblem: state.problem } : {}),
      baseUrl: client.baseUrl,
      enterpriseId,
      full: options.full ?? false,
      fullResyncAfterDays: config.sync.fullResyncAfterDays,
      now: now(),
    });
    onEvent({
      type: "log",
      level: "debug",
      message: mirror.fullRead
        ? `full read (${mirror.reason})`
        : `${mirror.changesRead} changes since the last run`,
    });
    // The last run's figures count only for the same directory: another MBN or enterprise starts afresh.
    const same = state.previous?.enterpriseId === enterpriseId && state.previous.baseUrl === client.baseUrl;
    const previousRun = same ? (state.previous?.lastRun ?? null) : null;
    save = {
      baseUrl: client.baseUrl,
      enterpriseId,
      watermark: mirror.watermark,
      lastFullReadAt: mirror.lastFullReadAt,
      contacts: mirror.contacts,
      lastRun: previousRun,
    };

    onEvent({ type: "stage", stage: "plan", message: "Planning" });
    const plan = makePlan({
      desired: directory.desired,
      contacts: mirror.contacts,
      managedFields: mapping.managedFields,
      skipped: directory.skipped,
      options: {
        prefix: config.sync.externalIdPrefix,
        deletes: config.sync.deletes,
        sourceComplete: read.complete,
        ...(config.sync.adopt ? { adopt: config.sync.adopt } : {}),
      },
    });
    const guard = checkGuards({
      plan,
      sourceComplete: read.complete,
      maxDeletes: config.sync.maxDeletes,
      maxDeletePercent: config.sync.maxDeletePercent,
      ...(previousRun ? { previousDesiredCount: previousRun.desiredCount } : {}),
      ...(options.approveDeletes ? { approvedHash: options.approveDeletes } : {}),
    });
    if (options.planOut) {
      const text = writePlanFile({
        createdAt: now().toISOString(),
        configFingerprint: loaded.fingerprint,
        mappingFingerprint: mapping.fingerprint,
        prefix: config.sync.externalIdPrefix,
        managedFields: mapping.managedFields,
        sourceComplete: read.complete,
        plan,
      });
      await writeFileAtomic(options.planOut, text, 0o600);
    }
    const common = {
      mode: options.mode,
      source: {
        description: directory.sourceDescription,
        users: read.users.length,
        complete: read.complete,
        excludedDisabled: read.excluded.disabled,
      },
      warnings: directory.warnings,
      skipped: directory.skipped,
      plan,
      guard: { ok: guard.ok, approved: guard.approved, trips: guard.trips },
    };
    if (options.mode === "dry-run" || !guard.ok) return buildReport(common);

    // From here on the run counts as a good one: its figures are the baseline of the next shrink guard.
    save.lastRun = { finishedAt: now().toISOString(), desiredCount: plan.desiredCount };
    if (plan.entries.length === 0) return buildReport(common);
    const applied = await executePlan(plan.entries, client, {
      managedFields: mapping.managedFields,
      onStale: "replan",
      concurrency: config.mbn.concurrency,
      ...(options.signal ? { signal: options.signal } : {}),
      onEvent,
      audit: state.audit,
      now,
    });
    save.contacts = applyWritesToMirror(mirror.contacts, writeOutcomes(applied));
    return buildReport({ ...common, applied });
  } finally {
    await finishRun(client, state, save);
  }
}
