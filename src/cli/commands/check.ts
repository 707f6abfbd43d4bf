import { Option, type Command } from "commander";
import { runChecks } from "../../engine/index.js";
import { ExitCode } from "../../model/exit-code.js";
import { renderCheckJson, renderCheckText, type CheckReport } from "../../report/index.js";
import { logFormatOption, type CommonOptions } from "../common-options.js";
import { createProgress, type Console } from "../console.js";
import { addExamples } from "../help.js";
import { checkContract } from "./check-contract.js";

/** 0 when every check passed; otherwise the exit code of the first failure. */
export function checkExitCode(report: CheckReport): ExitCode {
  const failed = report.checks.find((c) => !c.ok && c.skipped !== true);
  if (!failed) return ExitCode.ok;
  return failed.exitCode ?? ExitCode.internal;
}

/**
 * --quiet: only the checks that failed (with their detail) and the verdict, so that a passing check in
 * a script prints exactly "All checks passed.".
 */
export function quietCheckText(report: CheckReport): string {
  const text = renderCheckText(report).trimEnd();
  const lines = text.split("\n");
  const verdict = lines.pop() ?? "";
  const kept: string[] = [];
  let keeping = false;
  for (const line of lines) {
    if (!line.startsWith("    ")) keeping = line.startsWith("✗");
    if (keeping) kept.push(line);
  }
  return [...kept, ...(kept.length > 0 ? [""] : []), verdict].join("\n") + "\n";
}

export function registerCheck(program: Command, console: Console, setExit: (code: ExitCode) => void): void {
  const check = program
    .command("check")
    .description(
      "check the configuration, the mapping, the directory and the MBN credentials, without writing anything",
    )
    .option("-c, --config <file>", "configuration file (default: searched from the current directory)")
    .option("--json", "print one JSON document instead of text")
    .addOption(
      new Option(
        "-v, --verbose",
        "also show the debug messages (LDAP pages, MBN requests) on stderr",
      ).conflicts("quiet"),
    )
    .addOption(new Option("-q, --quiet", "print only the checks that failed and the verdict; no progress"))
    .addOption(logFormatOption())
    .option("--notify-test", "also send a test message through each notification channel that passes")
    .option("--contract", "instead: check MBN's answers to read-only requests against the API contract")
    .action(async (options: CommonOptions & { notifyTest?: boolean; contract?: boolean }) => {
      const progress = await createProgress(console, options);
      if (options.contract === true) return checkContract(console, options, progress, setExit);
      let report: CheckReport;
      try {
        report = await runChecks({
          ...(options.config ? { configPath: options.config } : {}),
          notifyTest: options.notifyTest ?? false,
          onEvent: progress.onEvent,
        });
      } catch (error) {
        progress.fail();
        throw error;
      }
      progress.finish();
      if (options.json) console.out(renderCheckJson(report));
      else console.out(options.quiet ? quietCheckText(report) : renderCheckText(report));
      setExit(checkExitCode(report));
    });
  addExamples(
    check,
    [
      ["mbn-ad-sync check", "every check, with what it found"],
      ["mbn-ad-sync check -c other.yaml --quiet", "in a script: only what failed, and the verdict"],
      ["mbn-ad-sync check --json", "the checks as one JSON document"],
      ["mbn-ad-sync check --contract", "where MBN's answers differ from the contract the tool was built on"],
    ],
    [
      ExitCode.ok,
      ExitCode.internal,
      ExitCode.usage,
      ExitCode.dataError,
      ExitCode.unavailable,
      ExitCode.config,
    ],
  );
}
