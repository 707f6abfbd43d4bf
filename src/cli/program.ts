import { Command } from "commander";
import type { ExitCode } from "../model/exit-code.js";
import type { Console } from "./console.js";
import { registerSync } from "./commands/sync.js";
import { registerSimulator } from "./commands/simulator.js";
import { registerPreview } from "./commands/preview.js";
import { registerInit } from "./commands/init.js";
import { registerCheck } from "./commands/check.js";
import { registerHelp } from "./help.js";
import { packageVersion } from "./version.js";

/** The command-line program; actions report their exit code through setExit. */
export function buildProgram(console: Console, setExit: (code: ExitCode) => void): Command {
  const program = new Command("mbn-ad-sync")
    .description("Keep a Telenor MBN directory in step with Active Directory")
    .version(packageVersion())
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({
      writeOut: (s) => {
        console.out(s);
      },
      writeErr: (s) => {
        console.err(s);
      },
    })
    .exitOverride();
  registerSync(program, console, setExit);
  registerSimulator(program, console, setExit);
  registerPreview(program, console, setExit);
  registerInit(program, console, setExit);
  registerCheck(program, console, setExit);
  registerHelp(program, console, setExit);
  program.addHelpText(
    "after",
    "\nStart with `mbn-ad-sync init`, then `check`, then `plan`.\n" +
      "Each command's --help ends with examples and its exit codes; `mbn-ad-sync help exit-codes` lists them all.\n",
  );
  for (const command of program.commands) command.exitOverride();
  return program;
}
