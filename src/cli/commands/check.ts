import type { Command } from "commander";
import { runChecks } from "../../engine/index.js";
import { ExitCode } from "../../model/exit-code.js";
import { renderCheckJson, renderCheckText, type CheckReport } from "../../report/index.js";
import { addCommonOptions, type CommonOptions } from "../common-options.js";
import { eventPrinter, type Console } from "../console.js";

/** 0 when every check passed; otherwise the exit code of the first failure. */
export function checkExitCode(report: CheckReport): ExitCode {
  const failed = report.checks.find((c) => !c.ok && c.skipped !== true);
  if (!failed) return ExitCode.ok;
  return failed.exitCode ?? ExitCode.internal;
}

export function registerCheck(program: Command, console: Console, setExit: (code: ExitCode) => void): void {
  addCommonOptions(
    program
      .command("check")
      .description(
        "check the configuration, the mapping, the directory and the MBN credentials, without writing anything",
      ),
  ).action(async (options: CommonOptions) => {
    const report = await runChecks({
      ...(options.config ? { configPath: options.config } : {}),
      onEvent: eventPrinter(console, options),
    });
    console.out(options.json ? renderCheckJson(report) : renderCheckText(report));
    setExit(checkExitCode(report));
  });
}
