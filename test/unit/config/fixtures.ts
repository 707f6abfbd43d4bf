import { expect } from "vitest";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Config } from "../../../src/config/index.js";
import { ConfigError } from "../../../src/model/errors.js";
import { tempDir } from "../../helpers/temp-dir.js";

export interface ConfigDir {
  dir: string;
  /** Writes `content` to `name` (parent folders made), with `mode` if given; returns the file's path. */
  write: (name: string, content: string, mode?: number) => Promise<string>;
}

/** A throw-away directory for config files (test/helpers/temp-dir.ts: removeTempDirs removes it). */
export async function configDir(): Promise<ConfigDir> {
  const dir = await tempDir("mbn-ad-sync-config-");
  return {
    dir,
    write: async (name, content, mode) => {
      const file = join(dir, name);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, content, mode === undefined ? undefined : { mode });
      return file;
    },
  };
}

/** A valid LDAP config in YAML, secrets as env references. */
export const VALID_YAML = `source:
  type: ldap
  url: ldaps://dc1.corp.example:636
  bindDn: svc-mbnsync@corp.example
  bindPassword: \${env:LDAP_BIND_PASSWORD}
  baseDns: ["OU=Staff,DC=corp,DC=example"]
mbn:
  baseUrl: https://mbn.example.test/api
  clientId: \${env:MBN_CLIENT_ID}
  clientSecret: \${env:MBN_CLIENT_SECRET}
  username: \${env:MBN_USERNAME}
  password: \${env:MBN_PASSWORD}
`;

export const SECRETS = {
  LDAP_BIND_PASSWORD: "ldap-Pa55-word!",
  MBN_CLIENT_SECRET: "client-s3cret-value",
  MBN_PASSWORD: "mbn-Pa55-word!",
} as const;

export const ENV: NodeJS.ProcessEnv = { ...SECRETS, MBN_CLIENT_ID: "client-id-1", MBN_USERNAME: "api-user" };

/** Runs `fn`, which must reject, and returns the error. */
export async function rejection(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

/** Typed asymmetric matchers, for issue lists compared with toEqual. */
export const containing = (text: string): string => expect.stringContaining(text) as string;
export const matching = (pattern: RegExp): string => expect.stringMatching(pattern) as string;

/** The ConfigError that `fn` rejects with (fails the test on anything else). */
export async function configError(fn: () => Promise<unknown>): Promise<ConfigError> {
  const error = await rejection(fn);
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

/** The source of a loaded config, narrowed to the type the test wrote. */
export function sourceOf<T extends Config["source"]["type"]>(
  config: Pick<Config, "source">,
  type: T,
): Extract<Config["source"], { type: T }> {
  const { source } = config;
  if (source.type !== type) throw new Error(`expected a source of type ${type}, got ${source.type}`);
  return source as Extract<Config["source"], { type: T }>;
}
