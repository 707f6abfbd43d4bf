import { CommanderError } from "commander";
import { ExitCode, SyncError } from "../model/exit-code.js";
import { processConsole, type Console } from "./console.js";
import { exitCodeOfError } from "./exit-code.js";
import { errorLine } from "./log-json.js";
import { buildProgram } from "./program.js";

/**
 * `--log-format json` as written on the command line, seen before commander parses it: a usage error in
 * the same line must come out as JSON too.
 */
export function wantsJsonLog(argv: readonly string[]): boolean {
  return argv.some(
    (arg, i) => arg === "--log-format=json" || (arg === "--log-format" && argv[i + 1] === "json"),
  );
}

/** Under --log-format json every stderr line is one object: commander's messages become error objects. */
function jsonConsole(console: Console): Console {
  const now = console.now ?? Date.now;
  let pending = "";
  return {
    ...console,
    err: (text) => {
      // Our own lines are JSON already; commander's text (usage errors) is wrapped, line by line.
      if (text.startsWith("{")) {
        console.err(text);
        return;
      }
      pending += text;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines.filter((l) => l.trim() !== "")) {
        console.err(errorLine(line, ExitCode.usage, now()));
      }
    },
  };
}

/**
 * Runs the program on argv and returns the exit code: the one place that turns errors into exit codes.
 */
export async function runCli(argv: string[], console: Console = processConsole): Promise<number> {
  const json = wantsJsonLog(argv);
  const out = json ? jsonConsole(console) : console;
  let exitCode: number = ExitCode.ok;
  const program = buildProgram(out, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    const code = exitCodeOfError(error);
    const now = (console.now ?? Date.now)();
    if (error instanceof SyncError) {
      out.err(json ? errorLine(error.message, code, now) : `mbn-ad-sync: ${error.message}\n`);
    } else if (!(error instanceof CommanderError)) {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      out.err(
        json
          ? errorLine(`internal error (please report it): ${detail}`, code, now)
          : `mbn-ad-sync: internal error (please report it):\n${detail}\n`,
      );
    }
    return code;
  }
}
