/**
 * The exit-code contract: every way a run can end, as a number a scheduler or pipeline can act on.
 * Only src/cli/ turns a code into an exit; everything else throws a SyncError carrying one.
 */
export const ExitCode = {
  /** Done; with `--check`, nothing pending. */
  ok: 0,
  /** A bug: an error no part of the tool expected. */
  internal: 1,
  /** `--check` found changes to make. */
  changesPending: 2,
  /** A delete guard stopped the run before any write (in a dry run or `plan`: would stop it). */
  guard: 3,
  /** Some writes failed or were stale (changed in MBN since the plan); the others were made. */
  partialFailure: 4,
  /** Another run holds the state directory's lock. */
  locked: 5,
  /** The command line is wrong. */
  usage: 64,
  /** Input data cannot be used: an LDIF file, or a plan file (edited, of another configuration, applied before). */
  dataError: 65,
  /** LDAP or MBN cannot be reached, refused the credentials, or refused a request past the retries. */
  unavailable: 69,
  /** The configuration or a mapping file is wrong, or MBN refuses a configured value (mbn.enterpriseId, mbn.baseUrl). */
  config: 78,
  /** SIGINT or SIGTERM stopped the run. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * The root of the tool's own errors: each carries the exit code it ends the run with. Messages are
 * written for the operator (what went wrong, where, how to fix it) and never contain a secret.
 */
export class SyncError extends Error {
  readonly exitCode: ExitCode;
  constructor(message: string, exitCode: ExitCode, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/**
 * What each code means, in a line: the table `mbn-ad-sync help exit-codes` prints and each command's
 * `--help` quotes (README "Exit codes" says the same at length).
 */
export const EXIT_CODE_MEANINGS: Readonly<Record<ExitCode, string>> = {
  0: "done, or in sync",
  1: "internal error: a bug (please report it)",
  2: "changes pending (--check)",
  3: "a guard stopped the run before any write (a dry run or `plan`: would stop it)",
  4: "partial failure: some writes failed or were stale; the rest were applied",
  5: "another run holds the lock",
  64: "usage error (unknown command or option)",
  65: "unusable input data: an LDIF file, or a plan file edited, made with another configuration or applied before",
  69: "LDAP or MBN cannot be reached, refused the credentials, or refused or kept failing a request",
  78: "configuration error (each problem named with its key)",
  130: "interrupted (SIGINT/SIGTERM): writes in flight finished, the rest not started",
};
