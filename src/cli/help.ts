import type { Command } from "commander";
import { EXIT_CODE_MEANINGS, ExitCode } from "../model/exit-code.js";
import type { Console } from "./console.js";

/** One real example: the command line and what it is for. */
export type Example = readonly [command: string, why: string];

/** The table of `help exit-codes`, or of the codes given: one source, model/exit-code.ts. */
export function exitCodeTable(codes: readonly ExitCode[] = Object.values(ExitCode)): string {
  return codes.map((code) => `  ${String(code).padStart(3)}  ${EXIT_CODE_MEANINGS[code]}`).join("\n") + "\n";
}

/** Ends a command's --help with examples and the exit codes that command can return. */
export function addExamples(
  command: Command,
  examples: readonly Example[],
  codes: readonly ExitCode[],
): Command {
  const lines = examples.map(([line, why]) => `  # ${why}\n  $ ${line}`);
  // commander ends the text with a newline of its own.
  return command.addHelpText(
    "after",
    `\nExamples:\n${lines.join("\n\n")}\n\nExit codes:\n${exitCodeTable(codes).trimEnd()}`,
  );
}

/**
 * `help [topic]`: a command's help, the program's, or the exit codes (`help exit-codes`). Replaces
 * commander's own help command, which knows only commands.
 */
export function registerHelp(program: Command, console: Console, setExit: (code: ExitCode) => void): void {
  program.helpCommand(false);
  program
    .command("help")
    .description("show a command's help, or the exit codes (`help exit-codes`)")
    .argument("[topic]", "a command, or exit-codes")
    .action((topic: string | undefined) => {
      if (topic === "exit-codes") {
        console.out(`Exit codes of mbn-ad-sync:\n${exitCodeTable()}`);
      } else {
        const command = topic === undefined ? undefined : program.commands.find((c) => c.name() === topic);
        if (topic !== undefined && command === undefined) {
          program.error(`unknown help topic '${topic}': name a command, or exit-codes`, {
            exitCode: ExitCode.usage,
          });
        }
        (command ?? program).outputHelp();
      }
      setExit(ExitCode.ok);
    });
}
