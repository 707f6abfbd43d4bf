import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./cli.js";
import type { SambaDcInfo } from "./samba-dc.js";

/** The environment variable the configuration takes the bind password from. */
export const BIND_PASSWORD_ENV = "LDAP_BIND_PASSWORD";

/** What an AD → simulator configuration of the tests says. */
export interface AdConfigParts {
  dc: SambaDcInfo;
  bindDn: string;
  /** Another CA file than the DC's own (to see TLS fail). */
  caFile?: string;
  baseDns: string[];
  /** More keys under `source:` (memberOf, filter, incremental, pageSize, …). */
  source?: Record<string, unknown>;
  mbnUrl: string;
  stateDir: string;
  /** Keys under `sync:`. */
  sync?: Record<string, unknown>;
}

/**
 * YAML with every value written as JSON (valid YAML), so DNs with commas and spaces need no care. The
 * bind password comes from BIND_PASSWORD_ENV and MBN's secrets from the environment, as a real
 * deployment would pass them (simulatorEnv).
 */
export function adConfigYaml(p: AdConfigParts): string {
  const j = (v: unknown): string => JSON.stringify(v);
  const keys = (values: Record<string, unknown>): string[] =>
    Object.entries(values).map(([k, v]) => `  ${k}: ${j(v)}`);
  return [
    "source:",
    "  type: ldap",
    `  url: ${j(p.dc.ldapsUrl)}`,
    `  bindDn: ${j(p.bindDn)}`,
    `  bindPassword: \${env:${BIND_PASSWORD_ENV}}`,
    `  tls: { caFile: ${j(p.caFile ?? p.dc.caFile)}, serverName: ${j(p.dc.hostName)} }`,
    `  baseDns: ${j(p.baseDns)}`,
    ...keys(p.source ?? {}),
    `mapping: ${j(join(repoRoot, "mappings", "active-directory.yaml"))}`,
    "mbn:",
    `  baseUrl: ${j(p.mbnUrl)}`,
    "  clientId: demo-client",
    "  clientSecret: ${env:MBN_TEST_SECRET}",
    "  username: api-user-1",
    "  password: ${env:MBN_TEST_PASSWORD}",
    ...(p.sync ? ["sync:", ...keys(p.sync)] : []),
    "state:",
    `  dir: ${j(p.stateDir)}`,
    "",
  ].join("\n");
}

/** Writes adConfigYaml(parts) to path and returns the path. */
export function writeAdConfig(path: string, parts: AdConfigParts): string {
  writeFileSync(path, adConfigYaml(parts));
  return path;
}
