import { mkdtempSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * The tests' scratch directories: each made under the OS temp dir and remembered, so the test file that made
 * them removes them all with `afterAll(removeTempDirs)` (or `afterEach`, for a fresh directory per test).
 * Every test file runs in a module registry of its own, so it removes only the directories it made.
 */

const made: string[] = [];

/** A new empty directory named `<prefix>XXXXXX`. */
export async function tempDir(prefix = "mbn-test-"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** tempDir, for the top level of a file and synchronous hooks. */
export function tempDirSync(prefix = "mbn-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every directory made so far (by this test file) and forgets it. */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}
