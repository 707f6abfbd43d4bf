import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./cli.js";

export const demoLdif = join(repoRoot, "examples/demo/users.ldif");
export const defaultMapping = join(repoRoot, "mappings/active-directory.yaml");

/** The simulator's demo credentials, passed to the CLI through the environment as a real deployment would. */
export const simulatorEnv = { MBN_TEST_SECRET: "demo-secret", MBN_TEST_PASSWORD: "demo-password" };

/** The `mbn:` section for the simulator at `baseUrl`, its secrets read from simulatorEnv's variables. */
export function simulatorMbnLines(baseUrl: string, requestsPerSecond = 200): string[] {
  return [
    "mbn:",
    `  baseUrl: ${baseUrl}`,
    "  clientId: demo-client",
    "  clientSecret: ${env:MBN_TEST_SECRET}",
    "  username: api-user-1",
    "  password: ${env:MBN_TEST_PASSWORD}",
    `  requestsPerSecond: ${requestsPerSecond}`,
  ];
}

export interface SyncConfigOptions {
  baseUrl: string;
  ldif?: string;
  mapping?: string;
  /** Extra YAML lines under `source:` (indented by the caller's two spaces). */
  source?: string[];
  /** Extra YAML lines under `sync:`. */
  sync?: string[];
  /** Requests per second to MBN; the tests run faster than the polite default of 10. */
  requestsPerSecond?: number;
}

/** Writes an LDIF → simulator configuration into dir/file and returns its path. */
export function writeSyncConfig(dir: string, file: string, options: SyncConfigOptions): string {
  const path = join(dir, file);
  const lines = [
    "source:",
    "  type: ldif",
    `  file: ${options.ldif ?? demoLdif}`,
    ...(options.source ?? []).map((l) => `  ${l}`),
    `mapping: ${options.mapping ?? defaultMapping}`,
    ...simulatorMbnLines(options.baseUrl, options.requestsPerSecond),
    "sync:",
    '  externalIdPrefix: "ad:"',
    ...(options.sync ?? []).map((l) => `  ${l}`),
    "state:",
    `  dir: ${join(dir, "state")}`,
  ];
  writeFileSync(path, lines.join("\n") + "\n");
  return path;
}
