import { relative, resolve } from "node:path";
import { defaultMappingPath } from "./package-root.js";
import type { Config } from "./schema.js";

/** Applies `fn` to every file or directory path in the config. */
export function mapPaths(config: Config, fn: (path: string) => string): Config {
  const opt = (p: string | undefined): string | undefined => (p === undefined ? undefined : fn(p));
  const { mbn } = config;
  return {
    ...config,
    mapping: fn(config.mapping),
    source: mapSourcePaths(config.source, fn),
    mbn: {
      ...mbn,
      caFile: opt(mbn.caFile),
      clientSecretFile: opt(mbn.clientSecretFile),
      passwordFile: opt(mbn.passwordFile),
    },
    state: { ...config.state, dir: fn(config.state.dir) },
  };
}

function mapSourcePaths(source: Config["source"], fn: (path: string) => string): Config["source"] {
  const opt = (p: string | undefined): string | undefined => (p === undefined ? undefined : fn(p));
  const paths = {
    bindPasswordFile: opt(source.bindPasswordFile),
    tls: { ...source.tls, caFile: opt(source.tls.caFile) },
  };
  return source.type === "ldif"
    ? { ...source, ...paths, file: fn(source.file) }
    : { ...source, ...paths, file: opt(source.file) };
}

/** Makes every path in the config absolute, relative to the config file's directory. */
export function resolvePaths(config: Config, baseDir: string): Config {
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
