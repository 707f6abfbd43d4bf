import { createHash } from "node:crypto";
import { portablePaths } from "./paths.js";
import { nodeAt, SECRET_KEYS } from "./secrets.js";
import type { Config } from "./schema.js";

/** The config with each secret replaced by "***" (when set), for `--verbose` display. */
export function redactConfig(config: Config): unknown {
  return withSecrets(config, (value) => (value === undefined ? undefined : "***"));
}

/**
 * sha256 (hex) of the resolved config with the secrets and their file paths left out, so that
 * rotating a password or moving a secret file does not invalidate a saved plan, while any
 * change to what the run does (source, mapping, MBN endpoint, guards, …) does. Paths count
 * relative to `baseDir` (the config file's directory), so that the same checkout in another
 * directory gives the same fingerprint.
 */
export function configFingerprint(config: Config, baseDir: string): string {
  const stripped = withSecrets(portablePaths(config, baseDir), () => undefined, true);
  // Who hears of a run and how the audit log rotates change nothing a plan does to MBN.
  stripped.notify = undefined;
  const state = stripped.state as Record<string, unknown> | undefined;
  if (state) state.audit = undefined;
  return createHash("sha256").update(canonicalJson(stripped)).digest("hex");
}

function withSecrets(
  config: Config,
  replace: (value: string | undefined) => string | undefined,
  dropFiles = false,
): Record<string, unknown> {
  const copy = structuredClone(config) as unknown as Record<string, Record<string, unknown> | undefined>;
  for (const { at, value, file } of SECRET_KEYS) {
    const node = nodeAt(copy, at);
    if (!node) continue;
    node[value] = replace(node[value] as string | undefined);
    if (dropFiles) node[file] = undefined;
  }
  return copy;
}

/**
 * Every secret value the config holds (passwords, client secret, webhook URL), so that what leaves the
 * tool (a notification) can be checked to hold none of them.
 */
export function secretValues(config: Config): string[] {
  const values: string[] = [];
  for (const { at, value } of SECRET_KEYS) {
    const found = nodeAt(config, at)?.[value];
    if (typeof found === "string" && found !== "") values.push(found);
  }
  return values;
}

/** JSON with sorted keys and undefined members left out, so equal configs hash equally. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}
