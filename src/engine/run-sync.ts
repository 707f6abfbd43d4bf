import type { LoadedConfig } from "../config/index.js";
import { loadMapping, mapUsers } from "../mapping/index.js";
import { checkGuards, makePlan } from "../plan/index.js";
import { applyPlan } from "../apply/index.js";
import type { SyncReport } from "../report/types.js";
import { createSource } from "./source-factory.js";
import { createClient } from "./client-factory.js";
import { mbnContactWriter } from "./contact-writer.js";
import { buildReport } from "./report-builder.js";
import { ignoreEvents, type EventSink } from "./events.js";

export interface SyncOptions {
  /** "dry-run" stops after the plan; "apply" writes. */
  mode: "dry-run" | "apply";
  /** The plan hash the operator approved with --approve-deletes. */
  approveDeletes?: string;
  /** Stops scheduling writes when aborted (SIGINT/SIGTERM); writes in flight finish. */
  signal?: AbortSignal;
  onEvent?: EventSink;
}

/**
 * One run of the pipeline: read the directory, map, read MBN, plan, guard, and (in apply mode) write.
 * Returns the report; the command decides the exit code from it. Errors that stop the run before a
 * plan exists (configuration, unreachable LDAP or MBN, unreadable input) are thrown as SyncErrors.
 */
export async function runSync(loaded: LoadedConfig, options: SyncOptions): Promise<SyncReport> {
  const onEvent = options.onEvent ?? ignoreEvents;
  const { config } = loaded;

  onEvent({ type: "stage", stage: "mapping", message: `Loading mapping ${config.mapping}` });
  const mapping = await loadMapping(config.mapping);

  const source = createSource(config.source, onEvent);
  onEvent({ type: "stage", stage: "source", message: `Reading users from ${source.description}` });
  const read = await source.read({ attributes: mapping.attributes });
  const mapped = mapUsers(read.users, mapping, config.sync.externalIdPrefix);

  const client = createClient(config.mbn, onEvent);
  try {
    onEvent({ type: "stage", stage: "mbn", message: `Reading contacts from ${client.baseUrl}` });
    const contacts = await client.listContacts();

    onEvent({ type: "stage", stage: "plan", message: "Planning" });
    const plan = makePlan({
      desired: mapped.desired,
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
    const common = {
      mode: options.mode,
      sourceDescription: source.description,
      read,
      warnings: mapped.warnings,
      skipped: mapped.skipped,
      plan,
      guard: { ok: guard.ok, approved: guard.approved, trips: guard.trips },
    };
    if (options.mode === "dry-run" || !guard.ok || plan.entries.length === 0) {
      return buildReport(common);
    }

    onEvent({ type: "stage", stage: "apply", message: `Writing ${plan.entries.length} changes` });
    let done = 0;
    const applied = await applyPlan(plan.entries, mbnContactWriter(client), {
      concurrency: config.mbn.concurrency,
      ...(options.signal ? { signal: options.signal } : {}),
      onEvent: (e) => {
        if (e.type === "item") onEvent({ type: "progress", done: ++done, total: plan.entries.length });
      },
    });
    return buildReport({ ...common, applied });
  } finally {
    await client.close();
  }
}
