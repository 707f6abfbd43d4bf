import { Option, type Command } from "commander";

/** `--log-format`: stderr as text lines, or one JSON object per line. */
export type LogFormat = "text" | "json";

/** Options every command that reads the configuration takes. */
export interface CommonOptions {
  config?: string;
  json?: boolean;
  verbose?: boolean;
  quiet?: boolean;
  logFormat?: LogFormat;
}

export function logFormatOption(): Option {
  return new Option("--log-format <format>", "stderr as text, or one JSON object per line for log shippers")
    .choices(["text", "json"])
    .default("text");
}

export function addCommonOptions(command: Command): Command {
  return command
    .option("-c, --config <file>", "configuration file (default: searched from the current directory)")
    .option("--json", "print one JSON document instead of text")
    .addOption(new Option("-v, --verbose", "show every item and debug messages").conflicts("quiet"))
    .addOption(new Option("-q, --quiet", "print only errors and the summary"))
    .addOption(logFormatOption());
}
