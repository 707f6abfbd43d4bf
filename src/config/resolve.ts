import type { z } from "zod";
import { formatKeyPath } from "../diagnostics/index.js";
import type { PathIssue } from "../diagnostics/index.js";
import { interpolateEnv } from "./interpolate.js";
import { fromZodIssues } from "./issues.js";
import { resolvePaths } from "./paths.js";
import { checkRules, takeKeysNotForSourceType } from "./rules.js";
import { configSchema, directoryConfigSchema } from "./schema.js";
import type { Config, DirectoryConfig } from "./schema.js";
import { resolveSecretFiles, withoutSecretsCoveredByFiles } from "./secrets.js";

export type Resolved<C> = { ok: true; config: C } | { ok: false; issues: PathIssue[] };
export type ResolvedConfig = Resolved<Config>;

/**
 * Makes a config file's content a Config: `${env:…}` replaced, `…File` secrets read, checked
 * against the schema and the rules between values, paths made absolute (relative to `baseDir`,
 * the file's directory). Every problem comes back at once, in the order found; the caller gives
 * them lines. `raw` is the caller's private copy: secret files are read into it.
 */
export function resolveConfig(
  raw: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  baseDir: string,
): Promise<ResolvedConfig> {
  return resolveWith(configSchema, raw, env, baseDir);
}

/**
 * The parts of a config file a command that only reads the directory uses (`preview`): the `mbn`,
 * `state` and `notify` sections are neither resolved nor checked, so their `${env:…}` and secret files need
 * not be set where nobody calls MBN or keeps state.
 */
export function resolveDirectoryConfig(
  raw: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  baseDir: string,
): Promise<Resolved<DirectoryConfig>> {
  const { mbn: _mbn, state: _state, notify: _notify, ...directory } = raw;
  return resolveWith(directoryConfigSchema, directory, env, baseDir);
}

async function resolveWith<C extends DirectoryConfig>(
  schema: z.ZodType<C>,
  raw: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  baseDir: string,
): Promise<Resolved<C>> {
  const interpolated = interpolateEnv(raw, env);
  const value = interpolated.value;
  const misplaced = takeKeysNotForSourceType(value);
  const secretIssues = await resolveSecretFiles(value, baseDir);
  const result = schema.safeParse(value);
  const schemaIssues = result.success ? [] : fromZodIssues(schema, result.error.issues, value);
  const stages = [misplaced, interpolated.issues, secretIssues, schemaIssues, checkRules(value)];
  const issues = withoutSecretsCoveredByFiles(combine(stages), value);
  if (issues.length > 0 || !result.success) return { ok: false, issues };
  return { ok: true, config: resolvePaths(result.data, baseDir) };
}

/** Later stages stay quiet about a key an earlier stage already reported (one cause, one issue). */
function combine(stages: PathIssue[][]): PathIssue[] {
  const reported = new Set<string>();
  const out: PathIssue[] = [];
  for (const stage of stages) {
    const fresh = stage.filter((i) => !reported.has(formatKeyPath(i.path)));
    for (const issue of fresh) {
      const key = formatKeyPath(issue.path);
      if (!out.some((o) => formatKeyPath(o.path) === key && o.message === issue.message)) out.push(issue);
    }
    for (const issue of fresh) reported.add(formatKeyPath(issue.path));
  }
  return out;
}
