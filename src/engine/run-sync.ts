import type { LoadedConfig } from "../config/index.js";
import {
  checkGuards,
  makePlan,
  readApproval,
  writePlanFile,
  type GuardResult,
  type Plan,
} from "../plan/index.js";
import { buildReport, type ReportInput, type SyncReport } from "../report/index.js";
import { writeFileAtomic } from "../fs/atomic-write.js";
import type { SyncState } from "../state/index.js";
import { ignoreEvents, type EngineEvent, type EventSink } from "./events.js";
import { mirrorAfterWrites } from "./mirror-writes.js";
import { refreshMirror, type RefreshResult } from "./mirror-refresh.js";
import { readDirectory, type DirectoryRead } from "./read-directory.js";
import { withRun, type RunFrame, type SaveInput } from "./run-frame.js";

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

interface Context {
  loaded: LoadedConfig;
  options: SyncOptions;
  onEvent: EventSink;
  now: () => Date;
}

/** Brings the mirror of MBN up to date and sets what the run will save (before any write). */
/**
 * What this run saves. `missingSince` (sync.deleteAfter) is part of the state file; the frame writes the
 * whole save into it.
 */
type Save = SaveInput & Pick<SyncState, "missingSince" | "directory">;

async function readMbn(
  ctx: Context,
  frame: RunFrame,
  directory: DirectoryRead,
  signedIn: Promise<string>,
): Promise<{ mirror: RefreshResult; save: Save }> {
  const { client } = frame;
  const enterpriseId = await signedIn;
  ctx.onEvent({
    type: "stage",
    stage: "mbn",
    message: `Reading contacts of ${enterpriseId} from ${client.baseUrl}`,
  });
  const mirror = await refreshMirror(client, {
    previous: frame.previous,
    ...(frame.problem ? { previousProblem: frame.problem } : {}),
    baseUrl: client.baseUrl,
    enterpriseId,
    full: ctx.options.full ?? false,
    fullResyncAfterDays: ctx.loaded.config.sync.fullResyncAfterDays,
    now: ctx.now(),
    onPage: (page, items) => {
      ctx.onEvent({ type: "progress", stage: "mbn", done: items, page });
    },
  });
  ctx.onEvent({
    type: "log",
    level: "debug",
    message: mirror.fullRead
      ? `full read (${mirror.reason})`
      : `${mirror.changesRead} changes since the last run`,
  });
  ctx.onEvent(mirrorEnd(enterpriseId, mirror));
  // The last run's figures count only for the same directory: another MBN or enterprise starts afresh.
  const previous = frame.previousOf(enterpriseId);
  const save: Save = {
    baseUrl: client.baseUrl,
    enterpriseId,
    watermark: mirror.watermark,
    lastFullReadAt: mirror.lastFullReadAt,
    contacts: mirror.contacts,
    lastRun: previous?.lastRun ?? null,
    ...(previous?.missingSince ? { missingSince: previous.missingSince } : {}),
    // The directory side does not depend on the MBN directory: kept whatever enterprise the state was for.
    ...(directory.incremental ? { directory: directory.incremental.watermark } : {}),
  };
  frame.save = save;
  return { mirror, save };
}

function mirrorEnd(enterpriseId: string, mirror: RefreshResult): EngineEvent {
  const n = mirror.contacts.length;
  const how = mirror.fullRead
    ? `full read: ${mirror.reason}`
    : `${mirror.changesRead} change${mirror.changesRead === 1 ? "" : "s"} since the last run`;
  return {
    type: "stage-end",
    stage: "mbn",
    count: n,
    ok: true,
    message: `Read ${n} contact${n === 1 ? "" : "s"} of ${enterpriseId} (${how})`,
  };
}

/** The end of planning: the writes it holds, and not ok when a guard stops them. */
function planEnd(plan: Plan, guard: GuardResult, mode: SyncOptions["mode"]): EngineEvent {
  const count = (action: string): number => plan.entries.filter((e) => e.action === action).length;
  const [create, update, del] = [count("create"), count("update"), count("delete")];
  const stops = !guard.ok && mode === "apply";
  return {
    type: "stage-end",
    stage: "plan",
    count: plan.entries.length,
    ok: !stops,
    message: `Planned ${create} create${create === 1 ? "" : "s"}, ${update} update${update === 1 ? "" : "s"}, ${del} delete${del === 1 ? "" : "s"}${guard.ok ? "" : "; a guard stops the writes"}`,
  };
}

/**
 * Plans against the mirror and guards the plan. Under sync.deleteAfter, the list of missing users the last
 * run saved says which deletes are due; the plan's list replaces it in the state, in every mode (a `plan`
 * run starts the clock, so a plan-and-apply routine deletes once the period has passed).
 */
function planAndGuard(
  ctx: Context,
  directory: DirectoryRead,
  mirror: RefreshResult,
  save: Save,
): { plan: Plan; guard: GuardResult } {
  const { sync } = ctx.loaded.config;
  ctx.onEvent({ type: "stage", stage: "plan", message: "Planning" });
  const plan = makePlan({
    desired: directory.desired,
    contacts: mirror.contacts,
    managedFields: directory.mapping.managedFields,
    skipped: directory.skipped,
    missingSince: save.missingSince ?? [],
    now: ctx.now().toISOString(),
    options: {
      prefix: sync.externalIdPrefix,
      deletes: sync.deletes,
      deleteAfterMs: sync.deleteAfter,
      ...(sync.adopt ? { adopt: sync.adopt } : {}),
    },
  });
  if (plan.missingSince?.length) save.missingSince = plan.missingSince;
  else delete save.missingSince;
  const previousDesiredCount = save.lastRun?.desiredCount;
  const guard = checkGuards({
    plan,
    maxDeletes: sync.maxDeletes,
    maxDeletePercent: sync.maxDeletePercent,
    minDeletesForPercentGuard: sync.minDeletesForPercentGuard,
    deletes: sync.deletes,
    pendingDeletes: plan.pendingDeletes?.length ?? 0,
    ...(previousDesiredCount !== undefined ? { previousDesiredCount } : {}),
    ...(ctx.options.approveDeletes ? { approvedHash: ctx.options.approveDeletes } : {}),
  });
  ctx.onEvent(planEnd(plan, guard, ctx.options.mode));
  return { plan, guard };
}

async function savePlan(ctx: Context, path: string, directory: DirectoryRead, plan: Plan): Promise<void> {
  const text = writePlanFile({
    createdAt: ctx.now().toISOString(),
    configFingerprint: ctx.loaded.fingerprint,
    mappingFingerprint: directory.mapping.fingerprint,
    prefix: ctx.loaded.config.sync.externalIdPrefix,
    managedFields: directory.mapping.managedFields,
    plan,
  });
  await writeFileAtomic(path, text, 0o600);
}

/**
 * One run of the pipeline under the state directory's lock: read the directory, map, bring the mirror of
 * MBN up to date, plan, guard, and (in apply mode) write, then save the mirror with the answers of the
 * writes. Returns the report; the command decides the exit code from it. Errors that stop the run before
 * a plan exists (configuration, unreachable LDAP or MBN, unreadable input, the lock) are thrown.
 */
export async function runSync(loaded: LoadedConfig, options: SyncOptions): Promise<SyncReport> {
  const ctx: Context = {
    loaded,
    options,
    onEvent: options.onEvent ?? ignoreEvents,
    now: options.now ?? (() => new Date()),
  };
  const { config } = loaded;
  // A malformed approval is a usage error before anything is read (exit 64).
  if (options.approveDeletes !== undefined) readApproval(options.approveDeletes);
  return withRun(config, ctx, async (frame) => {
    // The sign-in (a token and the enterprise: two requests, 0.2 s at the default rate, more over a real
    // network) waits on MBN while the directory is read. Its error is thrown where the MBN stage awaits it;
    // when the read fails first, closing the client ends it.
    const signedIn = frame.client.signIn();
    signedIn.catch(() => undefined);
    const directory = await readDirectory(config, ctx.onEvent, {
      previous: frame.previous?.directory ?? null,
      full: options.full ?? false,
      now: ctx.now(),
    });
    const { mirror, save } = await readMbn(ctx, frame, directory, signedIn);
    const { plan, guard } = planAndGuard(ctx, directory, mirror, save);
    if (options.planOut) await savePlan(ctx, options.planOut, directory, plan);
    const report: ReportInput = {
      mode: options.mode,
      source: {
        description: directory.sourceDescription,
        users: directory.users,
        excludedDisabled: directory.excludedDisabled,
        ...directory.incremental?.info,
      },
      warnings: directory.warnings,
      skipped: directory.skipped,
      plan,
      guard: { ok: guard.ok, approved: guard.approved, trips: guard.trips, warnings: guard.warnings },
    };
    if (options.mode === "dry-run" || !guard.ok) return buildReport(report);

    // From here on the run counts as a good one: its figures are the baseline of the next shrink guard.
    save.lastRun = { finishedAt: ctx.now().toISOString(), desiredCount: plan.desiredCount };
    if (plan.entries.length === 0) return buildReport(report);
    const written = await frame.write(plan.entries, {
      managedFields: directory.mapping.managedFields,
      onStale: "replan",
      signal: options.signal,
    });
    save.contacts = mirrorAfterWrites(mirror.contacts, written.results);
    return buildReport({ ...report, written });
  });
}
