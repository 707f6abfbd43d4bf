/**
 * The package as a user gets it: `npm pack` run in a copy of this working tree (the files git would commit,
 * without node_modules/ and dist/, as a fresh clone has them), so the package's own prepack and prepare
 * scripts build dist/ from scratch without touching the dist/ the other tests run, then the tarball
 * installed into an empty directory from the registry's packages in npm's cache.
 */
import { execFile } from "node:child_process";
import { copyFile, mkdir, readFile, symlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { repoRoot } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/temp-dir.js";

const run = promisify(execFile);

export interface Packed {
  /** The tarball's files, relative to its package/ folder, sorted. */
  files: string[];
  /** The directory the tarball was installed into (holding node_modules/mbn-ad-sync). */
  app: string;
  /** The version in package.json. */
  version: string;
}

/** The files of the working tree that git would commit: tracked or new, not ignored, still present. */
export async function workingTreeFiles(): Promise<string[]> {
  const { stdout } = await run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: repoRoot,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout.split("\0").filter((f) => f !== "");
}

async function copyWorkingTree(to: string): Promise<void> {
  for (const file of await workingTreeFiles()) {
    await mkdir(dirname(join(to, file)), { recursive: true });
    try {
      await copyFile(join(repoRoot, file), join(to, file));
    } catch (error) {
      // Deleted in the working tree but not yet in git's index: not part of what would be committed.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  // The build's tools; the package's own dependencies come from npm's cache when the tarball is installed.
  await symlink(join(repoRoot, "node_modules"), join(to, "node_modules"), "dir");
}

export async function packAndInstall(): Promise<Packed> {
  const scratch = await tempDir("mbn-pack-");
  const tree = join(scratch, "tree");
  const app = join(scratch, "app");
  await copyWorkingTree(tree);
  const packed = await run("npm", ["pack", "--json", "--pack-destination", scratch], {
    cwd: tree,
    maxBuffer: 16 * 1024 * 1024,
  });
  // The lifecycle scripts print to stderr; stdout is the JSON alone.
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  if (info === undefined) throw new Error(`npm pack printed no package:\n${packed.stdout}`);
  await mkdir(app);
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", join(scratch, info.filename)], {
    cwd: app,
  });
  const pkg = JSON.parse(await readFile(join(repoRoot, "package.json"), "utf8")) as { version: string };
  return { files: info.files.map((f) => f.path).sort(), app, version: pkg.version };
}

/** Runs `npx mbn-ad-sync …` in the install directory, as the README tells a user to. */
export async function npx(
  app: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("npx", ["mbn-ad-sync", ...args], {
      cwd: app,
      env: { ...process.env, NO_COLOR: "1", ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof e.code !== "number") throw error;
    return { code: e.code, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}
