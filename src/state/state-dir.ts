import { mkdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { ConfigError } from "../model/errors.js";

/** The files of one state directory. */
export interface StateDir {
  dir: string;
  /** The mirror, watermark and last run's figures (mirror-file.ts). */
  stateFile: string;
  /** One run at a time (lock.ts). */
  lockFile: string;
  /** One JSON line per write (audit-log.ts). */
  auditFile: string;
}

/** Creates the state directory (mode 0700, parents included) when missing and names its files. */
export async function openStateDir(dir: string): Promise<StateDir> {
  const abs = resolve(dir);
  try {
    await mkdir(abs, { recursive: true, mode: 0o700 });
    if (!(await stat(abs)).isDirectory()) throw new Error("it exists and is not a directory");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "EEXIST" || code === "ENOTDIR" ? "a file is in the way" : (code ?? (error as Error).message);
    throw new ConfigError(undefined, [
      {
        key: "state.dir",
        message: `cannot use ${abs} as the state directory (${reason}); point state.dir at a directory this user may create and write`,
      },
    ]);
  }
  return {
    dir: abs,
    stateFile: join(abs, "state.json"),
    lockFile: join(abs, "lock"),
    auditFile: join(abs, "audit.jsonl"),
  };
}
