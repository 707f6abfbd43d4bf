import { createHash } from "node:crypto";
import { portablePaths } from "./paths.js";
import { SECRET_KEYS } from "./secrets.js";
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
  return createHash("sha256").update(canonicalJson(stripped)).digest("hex");
}

function withSecrets(
  config: Config,
  replace: (value: string | undefined) => string | undefined,
  dropFiles = false,
): Record<string, unknown> {
  const copy = structuredClone(config) as unknown as Record<string, Record<string, unknown>>;
  for (const { section, value, file } of SECRET_KEYS) {
    const node = copy[section];
    if (!node) continue;
    node[value] = replace(node[value] as string | undefined);
    if (dropFiles) node[file] = undefined;
  }
  return copy;
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
