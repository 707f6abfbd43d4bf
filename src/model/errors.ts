/** The typed errors of each kind of failure; see exit-code.ts for the codes they carry. */
import { ExitCode, SyncError } from "./exit-code.js";

/** One problem in a configuration or mapping file. */
export interface ConfigIssue {
  /** Dotted key path, e.g. `source.url`; empty for the file as a whole. */
  key: string;
  message: string;
  line?: number;
}

/** The configuration (or a mapping file) is wrong: exit 78, every problem listed at once. */
export class ConfigError extends SyncError {
  readonly file: string | undefined;
  readonly issues: ConfigIssue[];
  constructor(file: string | undefined, issues: ConfigIssue[]) {
    const where = file ?? "configuration";
    const lines = issues.map((i) => {
      const at = i.line !== undefined ? ` (line ${i.line})` : "";
      return `  - ${i.key || "(file)"}${at}: ${i.message}`;
    });
    super(
      `${where}: ${issues.length === 1 ? "1 problem" : `${issues.length} problems`}\n${lines.join("\n")}`,
      ExitCode.config,
    );
    this.file = file;
    this.issues = issues;
  }
}

/** Input data (an LDIF file, a plan file) cannot be read: exit 65. */
export class DataError extends SyncError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.dataError, options);
  }
}

/**
 * LDAP or MBN is unreachable, refused the credentials, or refused or kept failing a request: exit 69.
 * (MBN's own answers are MbnApiErrors, with the same code unless a configured value caused them.)
 */
export class UnavailableError extends SyncError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.unavailable, options);
  }
}

/** The command line is wrong: exit 64. */
export class UsageError extends SyncError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.usage, options);
  }
}
