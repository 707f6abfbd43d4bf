import type { ExitCode } from "../model/exit-code.js";

/** One check of `mbn-ad-sync check`. */
export interface CheckItem {
  /** config, mapping, source, mbn-token, mbn-userinfo, mbn-contacts. */
  name: string;
  ok: boolean;
  /** What was found, or what went wrong and how to fix it; never a secret. */
  detail: string;
  /** Not run because a check it needs failed; `ok` is then false. */
  skipped?: boolean;
  /** The exit code this failure stands for (78, 65, 69 …); absent when ok or skipped. */
  exitCode?: ExitCode;
}

export interface CheckReport {
  version: 1;
  checks: CheckItem[];
}
