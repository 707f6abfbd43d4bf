import { hostname } from "node:os";
import { join } from "node:path";
import { link, rename, rm } from "node:fs/promises";
import { LockedError, StateError } from "./errors.js";
import type { LockHolder } from "./errors.js";
import { createLockFile, newToken, readLockFile } from "./lock-file.js";
import type { ReadLock } from "./lock-file.js";

export const DEFAULT_STALE_AFTER_MS = 6 * 3_600_000;

export interface LockOptions {
  /** The run's clock: the lock's start time and the age of a found lock. */
  now: Date;
  /** A lock older than this is taken over even when its process cannot be checked. Default 6 h. */
  staleAfterMs?: number;
  pid?: number;
  host?: string;
}

/** A lock that was found stale and taken over: the engine warns with it. Fields are null when the file was unreadable. */
export interface TakenOver {
  pid: number | null;
  host: string | null;
  startedAt: string | null;
  reason: string;
}

export interface Lock {
  file: string;
  holder: LockHolder;
  tookOver?: TakenOver;
  /** Removes the lock file if it is still this run's; safe to call twice. */
  release(): Promise<void>;
}

/**
 * Takes the one lock of a state directory, or throws LockedError (exit 5) naming the holder.
 * A lock whose process is gone (same host, kill(pid, 0) → ESRCH), older than staleAfterMs, or
 * unreadable is taken over: moved aside by rename (atomic, so of two runs only one moves it), then
 * created exclusively again; a run that loses that race gets LockedError.
 */
export async function acquireLock(dir: string, options: LockOptions): Promise<Lock> {
  const file = join(dir, "lock");
  const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const record = {
    pid: options.pid ?? process.pid,
    host: options.host ?? hostname(),
    startedAt: options.now.toISOString(),
    token: newToken(),
  };
  const { token, ...holder } = record;
  const acquired = (tookOver?: TakenOver): Lock => ({
    file,
    holder,
    ...(tookOver ? { tookOver } : {}),
    release: () => releaseLock(file, token),
  });

  const create = () =>
    createLockFile(file, record).catch((error: unknown) => {
      throw stateError(file, "cannot create the lock file", error);
    });

  if (await create()) return acquired();
  const found = await readLockFile(file);
  if (found.kind === "missing") {
    // Released between our create and our read: one more try, then whoever won holds it.
    if (await create()) return acquired();
    throw new LockedError(file, await holderOf(file), staleAfterMs);
  }
  const stale = staleness(found, options.now, staleAfterMs, record.host);
  if (!stale) throw new LockedError(file, found.kind === "held" ? strip(found.record) : null, staleAfterMs);

  const aside = `${file}.stale-${token}`;
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT")
      throw stateError(file, "cannot take over the stale lock", error);
  }
  const moved = await readLockFile(aside);
  if (moved.kind !== "missing" && moved.text !== found.text) {
    // Another run took the stale lock over between our read and our rename; we moved its fresh
    // lock aside. Put it back (link never overwrites) and give way.
    await link(aside, file).catch(() => undefined);
    await rm(aside, { force: true });
    throw new LockedError(file, moved.kind === "held" ? strip(moved.record) : null, staleAfterMs);
  }
  await rm(aside, { force: true });
  if (!(await create())) throw new LockedError(file, await holderOf(file), staleAfterMs);
  return acquired(stale);
}

function staleness(
  found: Exclude<ReadLock, { kind: "missing" }>,
  now: Date,
  staleAfterMs: number,
  host: string,
): TakenOver | undefined {
  if (found.kind === "corrupt")
    return { pid: null, host: null, startedAt: null, reason: `lock file ${found.reason}` };
  const { pid, host: lockHost, startedAt } = found.record;
  const ageMs = now.getTime() - Date.parse(startedAt);
  if (ageMs > staleAfterMs) {
    return {
      pid,
      host: lockHost,
      startedAt,
      reason: `older than ${Math.round(staleAfterMs / 60_000)} minutes`,
    };
  }
  if (lockHost === host && !processAlive(pid)) {
    return { pid, host: lockHost, startedAt, reason: `process ${pid} is no longer running` };
  }
  return undefined;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

async function releaseLock(file: string, token: string): Promise<void> {
  const found = await readLockFile(file);
  if (found.kind === "held" && found.record.token === token) await rm(file, { force: true });
}

async function holderOf(file: string): Promise<LockHolder | null> {
  const found = await readLockFile(file);
  return found.kind === "held" ? strip(found.record) : null;
}

const strip = ({ pid, host, startedAt }: LockHolder): LockHolder => ({ pid, host, startedAt });

function stateError(file: string, what: string, error: unknown): StateError {
  const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new StateError(file, `${what} (${code}); check that state.dir is writable`, { cause: error });
}
