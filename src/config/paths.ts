import { relative, resolve } from "node:path";
import { defaultMappingPath } from "./package-root.js";
import type { Config, DirectoryConfig } from "./schema.js";

/** Applies `fn` to every file or directory path in the config (the whole one, or its directory part). */
export function mapPaths<C extends DirectoryConfig>(config: C, fn: (path: string) => string): C {
  const opt = (p: string | undefined): string | undefined => (p === undefined ? undefined : fn(p));
  const mapped: C = {
    ...config,
    mapping: fn(config.mapping),
    source: mapSourcePaths(config.source, fn),
  };
  const { mbn, state, notify } = config as Partial<Config>;
  if (mbn === undefined || state === undefined) return mapped;
  return {
    ...mapped,
    ...(notify ? { notify: mapNotifyPaths(notify, opt) } : {}),
    state: { ...state, dir: fn(state.dir) },
    mbn: {
      ...mbn,
      caFile: opt(mbn.caFile),
      clientSecretFile: opt(mbn.clientSecretFile),
      passwordFile: opt(mbn.passwordFile),
    },
  };
}

function mapNotifyPaths(
  notify: NonNullable<Config["notify"]>,
  opt: (p: string | undefined) => string | undefined,
): NonNullable<Config["notify"]> {
  const { email, webhook } = notify;
  return {
    ...notify,
    ...(email
      ? { email: { ...email, caFile: opt(email.caFile), passwordFile: opt(email.passwordFile) } }
      : {}),
    ...(webhook ? { webhook: { ...webhook, urlFile: opt(webhook.urlFile) } } : {}),
  };
}

function mapSourcePaths(source: Config["source"], fn: (path: string) => string): Config["source"] {
  if (source.type === "ldif") return { ...source, file: fn(source.file) };
  const opt = (p: string | undefined): string | undefined => (p === undefined ? undefined : fn(p));
  return {
    ...source,
    bindPasswordFile: opt(source.bindPasswordFile),
    tls: { ...source.tls, caFile: opt(source.tls.caFile) },
  };
}

/** Makes every path in the config absolute, relative to the config file's directory. */
export function resolvePaths<C extends DirectoryConfig>(config: C, baseDir: string): C {
  return mapPaths(config, (p) => resolve(baseDir, p));
}

/**
 * The inverse, for fingerprints: paths relative to the config's directory and the shipped
 * mapping by name, so that a plan made in one checkout applies in another (CI jobs often run
 * in different directories).
 */
export function portablePaths(config: Config, baseDir: string): Config {
  return mapPaths(config, (p) =>
    p === defaultMappingPath ? "<shipped>/active-directory.yaml" : relative(baseDir, p),
  );
}
