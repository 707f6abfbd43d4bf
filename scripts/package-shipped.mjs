// What scripts/package.mjs wraps around the esbuild bundle so that the CLI runs as a single executable.
//
// The banner: the CLI reads files shipped beside its code (the default mapping; the OpenAPI document of
// `check --contract`; the version from package.json), found from import.meta.url (src/config/package-root.ts,
// src/mbn/openapi-contract.ts, src/cli/version.ts). The executable has no such files on disk, so the banner
// holds their text, writes them at start-up into a fresh private directory (mkdtemp: mode 0700, a new name
// each run) laid out like the package, and removes it when the process exits.
// Plans stay portable: the config fingerprint names the shipped mapping "<shipped>/…", not by its path.
//
// The wrapper (banner's last line, and the footer): the SEA main script's require() loads built-in modules only.
// The bundle runs inside a function whose `require` also loads file: URLs from disk (the import() of a .js
// configuration file or a mapping's transformsModule, which esbuild turned into require()), and names what the
// executable cannot load (TypeScript) instead of failing with "no such built-in module".
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The package's files the CLI reads at run time, relative to the package root. */
export const SHIPPED_FILES = ["mappings/active-directory.yaml", "src/mbn/openapi.yaml"];

export function shippedFilesBanner(root, pkg) {
  const files = Object.fromEntries(SHIPPED_FILES.map((f) => [f, readFileSync(join(root, f), "utf8")]));
  files["package.json"] = JSON.stringify({ name: pkg.name, version: pkg.version }) + "\n";
  return `"use strict";
var __mbnAdSyncShippedUrl = (() => {
  const { mkdirSync, mkdtempSync, rmSync, writeFileSync } = require("node:fs");
  const { dirname, join } = require("node:path");
  const { tmpdir } = require("node:os");
  const { pathToFileURL } = require("node:url");
  const files = ${JSON.stringify(files)};
  const root = mkdtempSync(join(tmpdir(), "mbn-ad-sync-"));
  process.on("exit", () => rmSync(root, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text, { mode: 0o600 });
  }
  return pathToFileURL(join(root, "dist", "cli", "main.js")).href;
})();
(function (require) {`;
}

export function seaRequireFooter() {
  return `})((() => {
  const builtin = require;
  const { createRequire, isBuiltin } = builtin("node:module");
  const { fileURLToPath } = builtin("node:url");
  const fromDisk = createRequire(process.execPath);
  return (id) => {
    if (isBuiltin(id)) return builtin(id);
    if (id.startsWith("file:")) return fromDisk(fileURLToPath(id));
    const error = new Error(
      \`the single executable cannot load "\${id}": a TypeScript configuration needs mbn-ad-sync installed with npm; \` +
        "write the configuration in YAML, JSON or JavaScript instead",
    );
    error.code = "MODULE_NOT_FOUND";
    throw error;
  };
})());`;
}
