import type { Command } from "commander";
import { runChecks } from "../../engine/index.js";
import { ExitCode } from "../../model/exit-code.js";
import { renderCheckJson, renderCheckText, type CheckReport } from "../../report/index.js";
import { addCommonOptions, type CommonOptions } from "../common-options.js";
import { eventPrinter, type Console } from "../console.js";
import { checkContract } from "./check-contract.js";

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
      )
      .option("--contract", "instead: check MBN's answers to read-only requests against the API contract"),
  ).action(async (options: CommonOptions & { contract?: boolean }) => {
    const progress = {
      onEvent: eventPrinter(console, options),
      finish: () => undefined,
      fail: () => undefined,
    };
    if (options.contract === true) return checkContract(console, options, progress, setExit);
    const report = await runChecks({
      ...(options.config ? { configPath: options.config } : {}),
      onEvent: progress.onEvent,
    });
    console.out(options.json ? renderCheckJson(report) : renderCheckText(report));
    setExit(checkExitCode(report));
  });
}
