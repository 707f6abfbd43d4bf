import type { Config } from "../config/index.js";
import type { MbnClient } from "../mbn/index.js";
import type { Contact } from "../model/contact.js";
import {
  acquireLock,
  openAuditWriter,
  openStateDir,
  readState,
  writeState,
  type AuditWriter,
  type Lock,
  type StateDir,
  type SyncState,
} from "../state/index.js";
import type { EventSink } from "./events.js";

/** The state directory of one run, held under its lock from start to end. */
export interface RunState {
  dir: StateDir;
  lock: Lock;
  previous: SyncState | null;
  problem: string | undefined;
  audit: AuditWriter;
}

/** Opens the state directory and takes its lock (exit 5 when another run holds it), then reads the mirror. */
export async function openRunState(config: Config, now: Date, onEvent: EventSink): Promise<RunState> {
  const dir = await openStateDir(config.state.dir);
  const lock = await acquireLock(dir.dir, { now });
  if (lock.tookOver) {
    const t = lock.tookOver;
    onEvent({
      type: "log",
      level: "warning",
      message: `took over a stale lock in ${dir.dir} (pid ${t.pid ?? "?"} on ${t.host ?? "?"} since ${t.startedAt ?? "?"}: ${t.reason})`,
    });
  }
  try {
    const { state, problem } = await readState(dir.stateFile);
    if (problem)
      onEvent({
        type: "log",
        level: "warning",
        message: `${problem}; reading the whole MBN directory instead`,
      });
    return { dir, lock, previous: state, problem, audit: openAuditWriter(dir.auditFile) };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

export interface SaveInput {
  baseUrl: string;
  enterpriseId: string;
  watermark: string | null;
  lastFullReadAt: string | null;
  contacts: Contact[];
  lastRun: SyncState["lastRun"];
}

/** Closes the run's MBN client, then its state (see closeRunState), whatever fails first. */
export async function finishRun(client: MbnClient, run: RunState, save: SaveInput | null): Promise<void> {
  try {
    await client.close();
  } finally {
    await closeRunState(run, save);
  }
}

/** Saves the mirror and flushes the audit log; always releases the lock. */
async function closeRunState(run: RunState, save: SaveInput | null): Promise<void> {
  try {
    if (save) await writeState(run.dir.stateFile, { format: 1, ...save });
  } finally {
    try {
      await run.audit.flush();
    } finally {
      await run.lock.release();
    }
  }
}
