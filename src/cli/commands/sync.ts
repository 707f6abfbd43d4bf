import type { Command } from "commander";
import { loadConfig } from "../../config/index.js";
import { runApply, runSync } from "../../engine/index.js";
import type { SyncReport } from "../../report/index.js";
import type { ExitCode } from "../../model/exit-code.js";
import { addCommonOptions, type CommonOptions } from "../common-options.js";
import { eventPrinter, printReport, type Console } from "../console.js";
import { exitCodeFor } from "../exit-code.js";
import { abortOnSignals } from "../signals.js";

const APPROVE_DELETES_HELP =
  "let exactly the plan with this hash through the delete guards (the 12 characters `plan` prints, or more)";

interface SyncCommandOptions extends CommonOptions {
  dryRun?: boolean;
  check?: boolean;
  approveDeletes?: string;
  out?: string;
  full?: boolean;
}

type Runner = (options: SyncCommandOptions, signal: AbortSignal) => Promise<SyncReport>;

async function run(options: SyncCommandOptions, console: Console, runner: Runner): Promise<ExitCode> {
  const signals = abortOnSignals();
  try {
    const report = await runner(options, signals.signal);
    printReport(console, report, options);
    return exitCodeFor(report, options.check ?? false);
  } finally {
    signals.dispose();
  }
}

function syncRunner(dryRun: boolean, console: Console): Runner {
  return async (options, signal) => {
    const loaded = await loadConfig({ ...(options.config ? { configPath: options.config } : {}) });
    return runSync(loaded, {
      mode: dryRun || options.check ? "dry-run" : "apply",
      ...(options.approveDeletes !== undefined ? { approveDeletes: options.approveDeletes } : {}),
      ...(options.out ? { planOut: options.out } : {}),
      full: options.full ?? false,
      signal,
      onEvent: eventPrinter(console, options),
    });
  };
}

function addSyncOptions(command: Command): Command {
  return addCommonOptions(command)
    .option("--full", "read the whole MBN directory instead of the changes since the last run")
    .option("--check", "dry run that exits 2 when changes are pending, 0 when in sync")
    .option("--approve-deletes <hash>", APPROVE_DELETES_HELP);
}

export function registerSync(program: Command, console: Console, setExit: (code: ExitCode) => void): void {
  addSyncOptions(
    program
      .command("sync")
      .description("plan the changes from the directory to MBN, check the guards, and apply them")
      .option("-n, --dry-run", "plan and report only; write nothing"),
  ).action(async (options: SyncCommandOptions) => {
    setExit(await run(options, console, syncRunner(options.dryRun ?? false, console)));
  });

  addSyncOptions(
    program
      .command("plan")
      .description("show what `sync` would do, without writing (same as sync --dry-run)")
      .option("-o, --out <file>", "save the plan (mode 0600) for `mbn-ad-sync apply <file>`"),
  ).action(async (options: SyncCommandOptions) => {
    setExit(await run(options, console, syncRunner(true, console)));
  });

  addCommonOptions(
    program
      .command("apply")
      .description("apply exactly the changes of a plan saved with `plan --out`")
      .argument("<plan-file>", "the plan file")
      .option("--approve-deletes <hash>", APPROVE_DELETES_HELP),
  ).action(async (planFile: string, options: SyncCommandOptions) => {
    setExit(
      await run(options, console, async (opts, signal) => {
        const loaded = await loadConfig({ ...(opts.config ? { configPath: opts.config } : {}) });
        return runApply(loaded, planFile, {
          ...(opts.approveDeletes !== undefined ? { approveDeletes: opts.approveDeletes } : {}),
          signal,
          onEvent: eventPrinter(console, opts),
        });
      }),
    );
  });
}
