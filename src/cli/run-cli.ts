import { CommanderError } from "commander";
import { ExitCode, SyncError } from "../model/exit-code.js";
import { processConsole, type Console } from "./console.js";
import { buildProgram } from "./program.js";

/** A SyncError carries its own code, a commander error is a usage error (64), anything else is a bug (1). */
export function exitCodeOfError(error: unknown): ExitCode {
  if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  if (error instanceof SyncError) return error.exitCode;
  return ExitCode.internal;
}

/**
 * Runs the program on argv and returns the exit code: the one place that turns errors into exit codes.
 */
export async function runCli(argv: string[], console: Console = processConsole): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = buildProgram(console, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    const code = exitCodeOfError(error);
    if (error instanceof SyncError) {
      console.err(`mbn-ad-sync: ${error.message}\n`);
    } else if (!(error instanceof CommanderError)) {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      console.err(`mbn-ad-sync: internal error (please report it):\n${detail}\n`);
    }
    return code;
  }
}
