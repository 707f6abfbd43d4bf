import type { Command } from "commander";
import { loadConfig } from "../../config/index.js";
import { runSync } from "../../engine/index.js";
import { renderJson, renderText } from "../../report/index.js";
import type { ExitCode } from "../../model/errors.js";
import { addCommonOptions, type CommonOptions } from "../common-options.js";
import { eventPrinter, type Console } from "../console.js";
import { exitCodeFor } from "../exit-code.js";
import { abortOnSignals } from "../signals.js";

interface SyncCommandOptions extends CommonOptions {
  dryRun?: boolean;
  check?: boolean;
  approveDeletes?: string;
}

const LIST_LIMIT = 20;

async function run(options: SyncCommandOptions, dryRun: boolean, console: Console): Promise<ExitCode> {
  const loaded = await loadConfig({ ...(options.config ? { configPath: options.config } : {}) });
  const signals = abortOnSignals();
  try {
    const report = await runSync(loaded, {
      mode: dryRun ? "dry-run" : "apply",
      ...(options.approveDeletes ? { approveDeletes: options.approveDeletes } : {}),
      signal: signals.signal,
      onEvent: eventPrinter(console, options),
    });
    if (options.json) console.out(renderJson(report));
    else {
      const limit = console.stdoutIsTTY ? LIST_LIMIT : undefined;
      console.out(renderText(report, { verbose: options.verbose ?? false, ...(limit ? { limit } : {}) }));
    }
    return exitCodeFor(report, options.check ?? false);
  } finally {
    signals.dispose();
  }
}

function addSyncOptions(command: Command): Command {
  return addCommonOptions(command)
    .option("--check", "dry run that exits 2 when changes are pending, 0 when in sync")
    .option("--approve-deletes <hash>", "let the deletes of exactly this plan through the delete guards");
}

export function registerSync(program: Command, console: Console, setExit: (code: ExitCode) => void): void {
  addSyncOptions(
    program
      .command("sync")
      .description("plan the changes from the directory to MBN, check the guards, and apply them")
      .option("-n, --dry-run", "plan and report only; write nothing"),
  ).action(async (options: SyncCommandOptions) => {
    setExit(await run(options, (options.dryRun ?? false) || (options.check ?? false), console));
  });

  addSyncOptions(
    program
      .command("plan")
      .description("show what `sync` would do, without writing (same as sync --dry-run)"),
  ).action(async (options: SyncCommandOptions) => {
    setExit(await run(options, true, console));
  });
}
