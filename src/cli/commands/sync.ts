import type { Command } from "commander";
import { loadConfig, type LoadedConfig } from "../../config/index.js";
import { runApply, runSync, type EventSink } from "../../engine/index.js";
import type { SyncReport } from "../../report/index.js";
import { ExitCode } from "../../model/exit-code.js";
import { addCommonOptions } from "../common-options.js";
import { createProgress, type Console } from "../console.js";
import { exitCodeFor, exitCodeOfError } from "../exit-code.js";
import { finishRun, type ReportOptions } from "../finish-run.js";
import { addExamples } from "../help.js";
import { notifyRunError } from "../notify-run.js";
import { abortOnSignals } from "../signals.js";

const APPROVE_DELETES_HELP =
  "let exactly the plan with this hash through the delete guards (the 12 characters `plan` prints, or more)";

interface SyncCommandOptions extends ReportOptions {
  dryRun?: boolean;
  check?: boolean;
  approveDeletes?: string;
  out?: string;
  full?: boolean;
}

interface RunInput {
  loaded: LoadedConfig;
  signal: AbortSignal;
  onEvent: EventSink;
}

type Runner = (input: RunInput) => Promise<SyncReport>;

const load = (options: SyncCommandOptions): Promise<LoadedConfig> =>
  loadConfig({ ...(options.config ? { configPath: options.config } : {}) });

/** Loads the configuration, runs, shows the stages as they pass, then hands the report to finishRun. */
async function run(options: SyncCommandOptions, console: Console, runner: Runner): Promise<ExitCode> {
  const signals = abortOnSignals();
  const progress = await createProgress(console, options);
  let loaded: LoadedConfig | undefined;
  let finishing = false;
  try {
    loaded = await load(options);
    const report = await runner({ loaded, signal: signals.signal, onEvent: progress.onEvent });
    progress.finish();
    const exitCode = exitCodeFor(report, options.check ?? false);
    finishing = true;
    await finishRun(console, { report, exitCode, config: loaded.config, options });
    return exitCode;
  } catch (error) {
    progress.fail();
    // A run that stopped with an error (LDAP or MBN unreachable, the lock held…) is a "failure" to
    // notify, once its configuration says how; finishRun has notified already when it got that far.
    if (loaded && !finishing) {
      const exitCode = exitCodeOfError(error);
      const config = loaded.config;
      await notifyRunError(console, { error, exitCode, config, logFormat: options.logFormat });
    }
    throw error;
  } finally {
    signals.dispose();
  }
}

function syncRunner(dryRun: boolean, options: SyncCommandOptions): Runner {
  return ({ loaded, signal, onEvent }) =>
    runSync(loaded, {
      mode: dryRun || options.check ? "dry-run" : "apply",
      ...(options.approveDeletes !== undefined ? { approveDeletes: options.approveDeletes } : {}),
      ...(options.out ? { planOut: options.out } : {}),
      full: options.full ?? false,
      signal,
      onEvent,
    });
}

function addReportOptions(command: Command): Command {
  return addCommonOptions(command)
    .option("--report <file>", "also write the JSON report to this file (mode 0600); stdout keeps the text")
    .option(
      "--summary-md <file>",
      "also write a Markdown summary to this file (mode 0600); appended to $GITHUB_STEP_SUMMARY when set",
    );
}

function addSyncOptions(command: Command): Command {
  return addReportOptions(command)
    .option("--full", "read the whole MBN directory instead of the changes since the last run")
    .option("--check", "dry run that exits 2 when changes are pending, 0 when in sync")
    .option("--approve-deletes <hash>", APPROVE_DELETES_HELP);
}

const { ok, internal, changesPending, guard, partialFailure, locked, usage, dataError, unavailable, config } =
  ExitCode;
const READ_CODES = [locked, usage, dataError, unavailable, config, ExitCode.interrupted] as const;

export function registerSync(program: Command, console: Console, setExit: (code: ExitCode) => void): void {
  const sync = addSyncOptions(
    program
      .command("sync")
      .description("plan the changes from the directory to MBN, check the guards, and apply them")
      .option("-n, --dry-run", "plan and report only; write nothing"),
  ).action(async (options: SyncCommandOptions) => {
    setExit(await run(options, console, syncRunner(options.dryRun ?? false, options)));
  });
  addExamples(
    sync,
    [
      ["mbn-ad-sync sync --dry-run", "what a sync would change, writing nothing"],
      [
        "mbn-ad-sync sync -c /etc/mbn-ad-sync/config.yaml --report /var/log/mbn-ad-sync/last.json",
        "from cron: text on stdout, JSON in a file",
      ],
      ["mbn-ad-sync sync --approve-deletes 3f2a9c1b7d4e", "let through the plan a guard stopped"],
    ],
    [ok, internal, changesPending, guard, partialFailure, ...READ_CODES],
  );

  const plan = addSyncOptions(
    program
      .command("plan")
      .description("show what `sync` would do, without writing (same as sync --dry-run)")
      .option("-o, --out <file>", "save the plan (mode 0600) for `mbn-ad-sync apply <file>`"),
  ).action(async (options: SyncCommandOptions) => {
    setExit(await run(options, console, syncRunner(true, options)));
  });
  addExamples(
    plan,
    [
      ["mbn-ad-sync plan", "what a sync would change"],
      ["mbn-ad-sync plan --out changes.plan", "save it for review, then `mbn-ad-sync apply changes.plan`"],
      ["mbn-ad-sync plan --check --quiet", "in CI: exit 2 when MBN is not in step"],
    ],
    [ok, internal, changesPending, guard, ...READ_CODES],
  );

  const apply = addReportOptions(
    program
      .command("apply")
      .description("apply exactly the changes of a plan saved with `plan --out`")
      .argument("<plan-file>", "the plan file")
      .option("--approve-deletes <hash>", APPROVE_DELETES_HELP),
  ).action(async (planFile: string, options: SyncCommandOptions) => {
    setExit(
      await run(options, console, ({ loaded, signal, onEvent }) =>
        runApply(loaded, planFile, {
          ...(options.approveDeletes !== undefined ? { approveDeletes: options.approveDeletes } : {}),
          signal,
          onEvent,
        }),
      ),
    );
  });
  addExamples(
    apply,
    [
      ["mbn-ad-sync apply changes.plan", "write exactly the reviewed plan"],
      ["mbn-ad-sync apply changes.plan --approve-deletes 3f2a9c1b7d4e", "a plan whose deletes trip a guard"],
    ],
    [ok, internal, guard, partialFailure, ...READ_CODES],
  );
}
