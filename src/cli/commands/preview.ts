import type { Command } from "commander";
import { loadDirectoryConfig } from "../../config/index.js";
import { previewUser } from "../../engine/index.js";
import { ExitCode } from "../../model/exit-code.js";
import { renderPreviewJson, renderPreviewText } from "../../report/index.js";
import { logFormatOption, type CommonOptions } from "../common-options.js";
import { createProgress, type Console } from "../console.js";
import { addExamples } from "../help.js";

export function registerPreview(program: Command, console: Console, setExit: (code: ExitCode) => void): void {
  const preview = program
    .command("preview")
    .description(
      "show one user's directory attributes and the contact the mapping makes of them, without writing",
    )
    .argument("<user>", "sAMAccountName, userPrincipalName, mail or objectGUID (case does not matter)")
    .option("-c, --config <file>", "configuration file (default: searched from the current directory)")
    .option("--json", "print one JSON document instead of text")
    .option("-v, --verbose", "also show the debug messages (LDAP bind and pages) on stderr")
    .addOption(logFormatOption())
    .action(async (user: string, options: CommonOptions) => {
      const progress = await createProgress(console, options);
      try {
        // No MBN call: the mbn section and its secrets need not be set.
        const loaded = await loadDirectoryConfig({
          ...(options.config ? { configPath: options.config } : {}),
        });
        const report = await previewUser(loaded, user, { onEvent: progress.onEvent });
        progress.finish();
        console.out(options.json ? renderPreviewJson(report) : renderPreviewText(report));
      } catch (error) {
        progress.fail();
        throw error;
      }
      setExit(ExitCode.ok);
    });
  addExamples(
    preview,
    [
      ["mbn-ad-sync preview jdoe", "what the mapping makes of jdoe"],
      ["mbn-ad-sync preview jane.doe@corp.example --json", "the same as one JSON document"],
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
