import { ExitCode, SyncError } from "../model/exit-code.js";

/** Who holds a lock, as written in the lock file. */
export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
}

/** Another run holds the lock of the state directory: exit 5 at once, naming the holder. */
export class LockedError extends SyncError {
  readonly lockFile: string;
  readonly holder: LockHolder | null;

  constructor(lockFile: string, holder: LockHolder | null, staleAfterMs: number) {
    const who = holder
      ? `pid ${holder.pid} on host ${holder.host}, since ${holder.startedAt}`
      : "a run that is taking over a stale lock right now";
    const hours = Math.round((staleAfterMs / 3_600_000) * 10) / 10;
    super(
      `Another run holds the lock ${lockFile} (${who}). Wait for it to finish. ` +
        `If no run is active (it was killed, perhaps on another host), delete ${lockFile}; ` +
        `a lock is also taken over by itself when its process is gone on this host or it is older than ${hours} h.`,
      ExitCode.locked,
    );
    this.lockFile = lockFile;
    this.holder = holder;
  }
}

/** The state directory or one of its files cannot be written: exit 1, naming the path. */
export class StateError extends SyncError {
  readonly path: string;

  constructor(path: string, message: string, options?: ErrorOptions) {
    super(`${path}: ${message}`, ExitCode.internal, options);
    this.path = path;
  }
}
