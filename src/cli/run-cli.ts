import { CommanderError } from "commander";
import { ExitCode, SyncError } from "../model/exit-code.js";
import { processConsole, type Console } from "./console.js";
import { buildProgram } from "./program.js";

/**
 * Runs the program on argv and returns the exit code. The one place that turns errors into exit codes:
 * a SyncError carries its own, a commander error is a usage error (64), anything else is internal (1).
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
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    if (error instanceof SyncError) {
      console.err(`mbn-ad-sync: ${error.message}\n`);
      return error.exitCode;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.err(`mbn-ad-sync: internal error (please report it):\n${detail}\n`);
    return ExitCode.internal;
  }
}
