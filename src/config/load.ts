import { basename, dirname, resolve } from "node:path";
import { cosmiconfig, getDefaultSearchPlaces } from "cosmiconfig";
import type { Loader } from "cosmiconfig";
import { locateAll } from "../diagnostics/index.js";
import type { KeyPath } from "../diagnostics/index.js";
import { ConfigError } from "../model/errors.js";
import { configFingerprint } from "./fingerprint.js";
import { resolveConfig, resolveDirectoryConfig } from "./resolve.js";
import type { Resolved } from "./resolve.js";
import type { Config, DirectoryConfig } from "./schema.js";
import { isRecord } from "../model/is-record.js";
import { parseYamlSource } from "./yaml-source.js";
import type { ParsedSource } from "./yaml-source.js";

export const MODULE_NAME = "mbn-ad-sync";

/** The file `mbn-ad-sync init` should write; found first when searching. */
export const DEFAULT_CONFIG_FILE = "mbn-ad-sync.yaml";

/** Where a config is looked for in the working directory, in order. */
export const CONFIG_SEARCH_PLACES: readonly string[] = [
  DEFAULT_CONFIG_FILE,
  `${MODULE_NAME}.yml`,
  `${MODULE_NAME}.json`,
  ...getDefaultSearchPlaces(MODULE_NAME),
];

export interface LoadedConfig {
  config: Config;
  /** Absolute path of the file the config came from. */
  file: string;
  /** sha256 hex of the resolved config without secrets; ties saved plans to a config. */
  fingerprint: string;
}

export interface LoadConfigOptions {
  /** Exactly this file (`--config`); otherwise the search places in `cwd`. */
  configPath?: string;
  cwd?: string;
  /** Variables for `${env:NAME}`; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Finds and reads the config file, then resolves it (`${env:…}`, secret files, paths) and
 * checks it. Every problem in the file is reported at once, in one ConfigError.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const { file, config } = await loadWith(options, resolveConfig);
  return { config, file, fingerprint: configFingerprint(config, dirname(file)) };
}

export interface LoadedDirectoryConfig {
  config: DirectoryConfig;
  /** Absolute path of the file the config came from. */
  file: string;
}

/**
 * As loadConfig, for a command that reads the directory and never calls MBN (`preview`): the
 * `mbn` and `state` sections are left unresolved and unchecked, so MBN's secrets need not be set.
 */
export async function loadDirectoryConfig(options: LoadConfigOptions = {}): Promise<LoadedDirectoryConfig> {
  return loadWith(options, resolveDirectoryConfig);
}

type Resolver<C> = (
  raw: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  baseDir: string,
) => Promise<Resolved<C>>;

async function loadWith<C>(
  options: LoadConfigOptions,
  resolver: Resolver<C>,
): Promise<{ config: C; file: string }> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const { file, raw, parsed } = await readConfigFile(cwd, options.configPath);
  if (!isRecord(raw)) {
    throw new ConfigError(file, [
      { key: "", message: "the file must hold a mapping with at least `source` and `mbn` sections" },
    ]);
  }
  const resolved = await resolver(raw, options.env ?? process.env, dirname(file));
  if (!resolved.ok) {
    const lineOf = (path: KeyPath): number | undefined =>
      parsed?.lineOf(basename(file) === "package.json" ? [MODULE_NAME, ...path] : path);
    throw new ConfigError(file, locateAll(resolved.issues, lineOf));
  }
  return { config: resolved.config, file };
}

async function readConfigFile(
  cwd: string,
  configPath: string | undefined,
): Promise<{ file: string; raw: unknown; parsed: ParsedSource | undefined }> {
  const parsedByFile = new Map<string, ParsedSource>();
  const yamlLoader: Loader = (filepath, content) => {
    const parsed = parseYamlSource(content);
    if (parsed.errors.length > 0) throw new ConfigError(filepath, parsed.errors);
    parsedByFile.set(filepath, parsed);
    return parsed.value as object | null;
  };
  const explorer = cosmiconfig(MODULE_NAME, {
    searchPlaces: [...CONFIG_SEARCH_PLACES],
    searchStrategy: "none",
    cache: false,
    loaders: { ".yaml": yamlLoader, ".yml": yamlLoader, ".json": yamlLoader, noExt: yamlLoader },
  });

  const target = configPath === undefined ? undefined : resolve(cwd, configPath);
  let result;
  try {
    result = target === undefined ? await explorer.search(cwd) : await explorer.load(target);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const file = target ?? (error as { filepath?: string }).filepath;
    throw new ConfigError(file, [{ key: "", message: describeReadError(error, target !== undefined) }]);
  }
  if (!result) {
    throw new ConfigError(undefined, [
      {
        key: "",
        message:
          `no config file found in ${cwd} (looked for ${DEFAULT_CONFIG_FILE}, ${MODULE_NAME}.yml, ${MODULE_NAME}.json, ` +
          `.${MODULE_NAME}rc[.json|.yaml|.yml|.js|.ts|.cjs|.mjs], .config/${MODULE_NAME}rc[…], ` +
          `${MODULE_NAME}.config.{js,ts,cjs,mjs} and a "${MODULE_NAME}" key in package.json); ` +
          "create one with `mbn-ad-sync init` or pass --config FILE",
      },
    ]);
  }
  if (result.isEmpty === true) {
    throw new ConfigError(result.filepath, [
      { key: "", message: "the file is empty; start from `mbn-ad-sync init` or pass another --config FILE" },
    ]);
  }
  return {
    file: result.filepath,
    raw: cloneConfig(result.config, result.filepath),
    parsed: parsedByFile.get(result.filepath),
  };
}

/** JS configs may be shared module objects: resolve on a private copy. */
function cloneConfig(value: unknown, file: string): unknown {
  try {
    return structuredClone(value);
  } catch {
    throw new ConfigError(file, [
      { key: "", message: "the exported config must be plain data (no functions or class instances)" },
    ]);
  }
}

function describeReadError(error: unknown, explicit: boolean): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") {
    return explicit
      ? "no such file; check the path given to --config"
      : "the file disappeared while reading it";
  }
  if (code === "EACCES" || code === "EPERM") return "permission denied; let this user read the file";
  if (code === "EISDIR") return "is a directory; pass the config file itself to --config";
  const message = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
  return `cannot load the file: ${message}`;
}
