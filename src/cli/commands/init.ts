import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Command } from "commander";
import { DEFAULT_CONFIG_FILE, starterConfig } from "../../config/index.js";
import { writeFileAtomic } from "../../fs/atomic-write.js";
import { UsageError } from "../../model/errors.js";
import { ExitCode } from "../../model/exit-code.js";
import type { Console } from "../console.js";
import { addExamples } from "../help.js";

interface InitOptions {
  force?: boolean;
}

/** The `${env:NAME}` variables the uncommented part of a config uses, in order. */
export function envVariables(text: string): string[] {
  const names: string[] = [];
  for (const line of text.split("\n")) {
    const code = line.replace(/(^|\s)#.*$/, "");
    for (const match of code.matchAll(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g)) {
      const name = match[1];
      if (name !== undefined && !names.includes(name)) names.push(name);
    }
  }
  return names;
}

async function writeStarter(file: string, force: boolean): Promise<void> {
  try {
    // The file names secrets' sources and the service accounts: readable by its owner only. A new
    // file is created exclusively (never through one planted meanwhile); --force replaces the old
    // one whole, so an interrupted init leaves the old config rather than half of the new one.
    if (force) await writeFileAtomic(file, starterConfig(), 0o600);
    else await writeFile(file, starterConfig(), { mode: 0o600, flag: "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") {
      throw new UsageError(`${file} already exists; pass --force to overwrite it, or name another FILE`);
    }
    const why =
      code === "ENOENT"
        ? "its directory does not exist"
        : code === "EACCES" || code === "EPERM"
          ? "permission denied"
          : code === "EISDIR"
            ? "it is a directory"
            : (code ?? String(error));
    throw new UsageError(`cannot write ${file}: ${why}`);
  }
}

/** The steps after `init FILE`; every command names the file unless it is the one searched by default. */
export function nextSteps(file: string): string {
  const vars = envVariables(starterConfig());
  const config = file === resolve(DEFAULT_CONFIG_FILE) ? "" : ` --config ${file}`;
  return [
    `Wrote ${file} (readable by you only).`,
    "",
    "Next:",
    `  1. Edit it: the domain controllers, bindDn and baseDns under source, and mbn.baseUrl.`,
    `  2. Set the environment variables it reads: ${vars.join(", ")}`,
    "     (or use the …File keys for secrets kept in files).",
    `  3. Run \`mbn-ad-sync check${config}\` until every check passes.`,
    `  4. Run \`mbn-ad-sync plan${config}\` to see what a sync would change, without writing.`,
    "",
  ].join("\n");
}

export function registerInit(program: Command, console: Console, setExit: (code: ExitCode) => void): void {
  const init = program
    .command("init")
    .description(`write a commented starter configuration (default: ./${DEFAULT_CONFIG_FILE})`)
    .argument("[file]", "where to write it", DEFAULT_CONFIG_FILE)
    .option("-f, --force", "overwrite the file if it exists")
    .action(async (file: string, options: InitOptions) => {
      const target = resolve(file);
      await writeStarter(target, options.force ?? false);
      console.out(nextSteps(target));
      setExit(ExitCode.ok);
    });
  addExamples(
    init,
    [
      ["mbn-ad-sync init", `write ./${DEFAULT_CONFIG_FILE}`],
      ["mbn-ad-sync init /etc/mbn-ad-sync/config.yaml", "somewhere else: every later command takes --config"],
    ],
    [ExitCode.ok, ExitCode.internal, ExitCode.usage],
  );
}
