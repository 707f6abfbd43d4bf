import type { Config } from "../config/index.js";
import type { MbnClient } from "../mbn/index.js";
import type { Contact } from "../model/contact.js";
import {
  acquireLock,
  openAuditLog,
  openStateDir,
  readState,
  STATE_FORMAT,
  withApplied,
  writeState,
  type AppliedPlan,
  type AuditLog,
  type Lock,
  type StateDir,
  type SyncState,
} from "../state/index.js";
import type { ManagedField } from "../model/contact.js";
import type { PlanEntry } from "../plan/index.js";
import { writeToMbn, type ExecutionResult, type WriterOptions } from "../write/index.js";
import { createClient } from "./client-factory.js";
import type { EngineEvent, EventSink } from "./events.js";
import { sameBaseUrl } from "./mirror-refresh.js";

/** What a run saves in the state file when it ends. */
export interface SaveInput {
  baseUrl: string;
  enterpriseId: string;
  watermark: string | null;
  lastFullReadAt: string | null;
  contacts: Contact[];
  lastRun: SyncState["lastRun"];
  /** Since when each managed contact's user has been missing (sync.deleteAfter). */
  missingSince?: SyncState["missingSince"];
}

/** What a run holds from start to end: the state directory under its lock, and the MBN client. */
export interface RunFrame {
  client: MbnClient;
  /** The state the last run saved; null when there is none or it could not be used (see `problem`). */
  previous: SyncState | null;
  /** Why a state file that exists could not be used. */
  problem: string | undefined;
  /**
   * The last run's state when it describes the same MBN directory (base URL and enterprise): only then do
   * its mirror and figures count for this run.
   */
  previousOf(enterpriseId: string): SyncState | null;
  /** The audit log, opened on first use, so a run that writes nothing leaves no file behind. */
  audit(): Promise<AuditLog>;
  /**
   * Writes the entries to MBN (write/write-to-mbn.ts) at the configured concurrency, each write audited
   * before its slot takes the next, with the stage and progress events.
   */
  write(entries: readonly PlanEntry[], how: WriteHow): Promise<ExecutionResult>;
  /**
   * The saved plans applied from this state directory (whatever MBN directory the state describes: a plan
   * once applied stays applied), oldest first; markApplied adds to it.
   */
  readonly appliedPlans: readonly AppliedPlan[];
  /** Records that the writes of this saved plan start now; saved with `save`, which the run must set. */
  markApplied(plan: { hash: string; createdAt: string }): void;
  /** Set by the run to what the state file should hold afterwards; left null, the file is not touched. */
  save: SaveInput | null;
}

/** What differs between the writes of `sync` and of `apply`. */
export interface WriteHow {
  managedFields: readonly ManagedField[];
  onStale: WriterOptions["onStale"];
  signal?: AbortSignal | undefined;
}

export interface FrameOptions {
  now: () => Date;
  onEvent: EventSink;
}

interface Held {
  dir: StateDir;
  lock: Lock;
  frame: RunFrame;
  closeAudit: () => Promise<void>;
}

async function readPrevious(
  dir: StateDir,
  onEvent: EventSink,
): Promise<{ state: SyncState | null; problem?: string }> {
  const { state, problem } = await readState(dir.stateFile);
  if (problem) {
    onEvent({
      type: "log",
      level: "warning",
      message: `${problem}; reading the whole MBN directory instead`,
    });
  }
  return { state, ...(problem ? { problem } : {}) };
}

const writingMessage = (n: number): string => `Writing ${n} change${n === 1 ? "" : "s"}`;

/** The end of the write stage: what MBN took, and not ok when a write failed, went stale or was not tried. */
function writtenEvent(written: ExecutionResult): EngineEvent {
  const c = written.counts;
  const made = c.created + c.updated + c.deleted;
  const rest = [
    c.alreadyPresent + c.alreadyGone > 0 ? `${c.alreadyPresent + c.alreadyGone} already done` : null,
    c.stale > 0 ? `${c.stale} stale` : null,
    c.failed > 0 ? `${c.failed} failed` : null,
    c.notAttempted > 0 ? `${c.notAttempted} not attempted` : null,
  ].filter((x): x is string => x !== null);
  return {
    type: "stage-end",
    stage: "apply",
    count: made,
    ok: c.failed + c.stale + c.notAttempted === 0,
    message: `Wrote ${made} change${made === 1 ? "" : "s"} to MBN${rest.length > 0 ? ` (${rest.join(", ")})` : ""}`,
  };
}

/** Opens the state directory, takes its lock (exit 5 when another run holds it) and reads the last state. */
async function open(config: Config, options: FrameOptions): Promise<Held> {
  const dir = await openStateDir(config.state.dir);
  const lock = await acquireLock(dir.dir, { now: options.now() });
  if (lock.tookOver) {
    const t = lock.tookOver;
    options.onEvent({
      type: "log",
      level: "warning",
      message: `took over a stale lock in ${dir.dir} (pid ${t.pid ?? "?"} on ${t.host ?? "?"} since ${t.startedAt ?? "?"}: ${t.reason})`,
    });
  }
  try {
    const { state, problem } = await readPrevious(dir, options.onEvent);
    const client = createClient(config.mbn, options.onEvent);
    let auditLog: Promise<AuditLog> | undefined;
    let appliedPlans = state?.appliedPlans ?? [];
    const frame: RunFrame = {
      client,
      previous: state,
      problem,
      previousOf: (enterpriseId) =>
        state?.enterpriseId === enterpriseId && sameBaseUrl(state.baseUrl, client.baseUrl) ? state : null,
      audit: () => (auditLog ??= openAuditLog(dir.auditFile, config.state.audit)),
      write: async (entries, how) => {
        options.onEvent({ type: "stage", stage: "apply", message: writingMessage(entries.length) });
        const written = await writeToMbn(entries, client, {
          managedFields: how.managedFields,
          onStale: how.onStale,
          concurrency: config.mbn.concurrency,
          ...(how.signal ? { signal: how.signal } : {}),
          onProgress: (done, total) => {
            options.onEvent({ type: "progress", stage: "apply", done, total });
          },
          audit: await frame.audit(),
          now: options.now,
        });
        options.onEvent(writtenEvent(written));
        return written;
      },
      get appliedPlans() {
        return appliedPlans;
      },
      markApplied: (plan) => {
        appliedPlans = withApplied(appliedPlans, { ...plan, appliedAt: options.now().toISOString() });
      },
      save: null,
    };
    // A log that failed to open has nothing to close; its error went to whoever asked for it.
    const closeAudit = async (): Promise<void> =>
      auditLog?.then(
        (log) => log.close(),
        () => undefined,
      );
    return { dir, lock, frame, closeAudit };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/** Closes the client, saves the state when the run set `save`, closes the audit log; always releases the lock. */
async function close(held: Held): Promise<void> {
  const { frame } = held;
  try {
    await frame.client.close();
  } finally {
    try {
      if (frame.save) {
        const { appliedPlans } = frame;
        await writeState(held.dir.stateFile, {
          format: STATE_FORMAT,
          ...frame.save,
          ...(appliedPlans.length > 0 ? { appliedPlans: [...appliedPlans] } : {}),
        });
      }
    } finally {
      try {
        await held.closeAudit();
      } finally {
        await held.lock.release();
      }
    }
  }
}

/**
 * Runs `body` inside one run's lifetime: the lock, the last state, the MBN client and the audit log are
 * opened before it and closed after it, whatever happens. When `body` fails and closing fails too, the
 * first error is the one thrown (it is why the run stopped); the second becomes a warning.
 */
export async function withRun<T>(
  config: Config,
  options: FrameOptions,
  body: (frame: RunFrame) => Promise<T>,
): Promise<T> {
  const held = await open(config, options);
  let result: T;
  try {
    result = await body(held.frame);
  } catch (error) {
    try {
      await close(held);
    } catch (closing) {
      const message = closing instanceof Error ? closing.message : String(closing);
      options.onEvent({ type: "log", level: "warning", message: `while stopping the run: ${message}` });
    }
    throw error;
  }
  await close(held);
  return result;
}
