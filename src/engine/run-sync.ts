import type { LoadedConfig } from "../config/index.js";
import { checkGuards, makePlan, writePlanFile } from "../plan/index.js";
import type { SyncReport } from "../report/types.js";
import { writeFileAtomic } from "../state/index.js";
import { createClient } from "./client-factory.js";
import { executePlan } from "./execute-plan.js";
import { readDirectory } from "./read-directory.js";
import { buildReport } from "./report-builder.js";
import { ignoreEvents, type EventSink } from "./events.js";

export interface SyncOptions {
  /** "dry-run" stops after the plan; "apply" writes. */
  mode: "dry-run" | "apply";
  /** The plan hash the operator approved with --approve-deletes. */
  approveDeletes?: string;
  /** Write the plan to this file (mode 0600) for a later `apply`. */
  planOut?: string;
  /** Stops scheduling writes when aborted (SIGINT/SIGTERM); writes in flight finish. */
  signal?: AbortSignal;
  onEvent?: EventSink;
  /** The clock, for the plan file's time. */
  now?: () => Date;
}

/**
 * One run of the pipeline: read the directory, map, read MBN, plan, guard, and (in apply mode) write.
 * Returns the report; the command decides the exit code from it. Errors that stop the run before a
 * plan exists (configuration, unreachable LDAP or MBN, unreadable input) are thrown as SyncErrors.
 */
export async function runSync(loaded: LoadedConfig, options: SyncOptions): Promise<SyncReport> {
  const onEvent = options.onEvent ?? ignoreEvents;
  const now = options.now ?? (() => new Date());
  const { config } = loaded;
  const directory = await readDirectory(config, onEvent);
  const { mapping, read } = directory;

  const client = createClient(config.mbn, onEvent);
  try {
    onEvent({ type: "stage", stage: "mbn", message: `Reading contacts from ${client.baseUrl}` });
    const contacts = await client.listContacts();

    onEvent({ type: "stage", stage: "plan", message: "Planning" });
    const plan = makePlan({
      desired: directory.desired,
      contacts,
      managedFields: mapping.managedFields,
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
    if (options.mode === "dry-run" || !guard.ok || plan.entries.length === 0) {
      return buildReport(common);
    }
    const applied = await executePlan(plan.entries, client, {
      managedFields: mapping.managedFields,
      onStale: "replan",
      concurrency: config.mbn.concurrency,
      ...(options.signal ? { signal: options.signal } : {}),
      onEvent,
    });
    return buildReport({ ...common, applied });
  } finally {
    await client.close();
  }
}
