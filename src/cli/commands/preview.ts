import type { Command } from "commander";
import { loadDirectoryConfig } from "../../config/index.js";
import { previewUser } from "../../engine/index.js";
import { ExitCode } from "../../model/exit-code.js";
import { renderPreviewJson, renderPreviewText } from "../../report/index.js";
import { addCommonOptions, type CommonOptions } from "../common-options.js";
import { eventPrinter, type Console } from "../console.js";

export function registerPreview(program: Command, console: Console, setExit: (code: ExitCode) => void): void {
  addCommonOptions(
    program
      .command("preview")
      .description(
        "show one user's directory attributes and the contact the mapping makes of them, without writing",
      )
      .argument("<user>", "sAMAccountName, userPrincipalName, mail or objectGUID (case does not matter)"),
  ).action(async (user: string, options: CommonOptions) => {
    // No MBN call: the mbn section and its secrets need not be set.
    const loaded = await loadDirectoryConfig({ ...(options.config ? { configPath: options.config } : {}) });
    const report = await previewUser(loaded, user, { onEvent: eventPrinter(console, options) });
    console.out(options.json ? renderPreviewJson(report) : renderPreviewText(report));
    setExit(ExitCode.ok);
  });
}
