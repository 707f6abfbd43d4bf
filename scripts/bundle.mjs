// `npm run build`, after tsc: the CLI as bin/mbn-ad-sync.js runs it, dist/bundle/, made by esbuild from tsc's
// dist/. The tool's own modules are joined into one file, with a chunk for each part a run loads only when it
// needs it (the LDAP source, the contract probe, e-mail, the simulator); the dependencies stay in
// node_modules, imported as they are. Node loaded the ~170 modules of dist/ one file at a time: the bundle
// starts every command about 0.07 s sooner (`--version` 0.35 → 0.28 s) and a dry run of 100,000 users about
// 0.13 s sooner. Every file keeps its place two levels below the package root, as package-root.ts, version.ts
// and openapi-contract.ts expect.
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bundleDir = join(root, "dist", "bundle");

rmSync(bundleDir, { recursive: true, force: true });
await build({
  entryPoints: { "mbn-ad-sync": join(root, "dist", "cli", "main.js") },
  outdir: bundleDir,
  chunkNames: "[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20.19",
  packages: "external",
  logLevel: "warning",
});
