import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Replaces `path` with `data` so that a reader (or the next run after a kill -9 or a power cut)
 * sees either the old file or the new one, never a mix: a temporary file in the same directory,
 * fsync, rename over the target, fsync of the directory so the rename itself is durable. `data` may
 * come in pieces (an iterable of strings), written as they come: a large file is never one string.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array | Iterable<string>,
  mode = 0o600,
): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  let handle: FileHandle | undefined;
  try {
    // Created with the mode (and "wx", so never through a planted file): the data is never readable
    // by others, not even between create and chmod. The umask may only narrow it; chmod sets it exactly.
    handle = await open(tmp, "wx", mode);
    await handle.chmod(mode);
    if (typeof data === "string" || data instanceof Uint8Array) await handle.writeFile(data);
    // writeFile on an open handle writes from where the last write ended, each piece whole.
    else for (const piece of data) await handle.writeFile(piece);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(tmp, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

async function syncDirectory(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync, and some file systems refuse it: the rename is
  // then as durable as the platform makes it.
  if (process.platform === "win32") return;
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EINVAL" && code !== "ENOTSUP" && code !== "EISDIR" && code !== "EPERM") throw error;
  } finally {
    await handle?.close();
  }
}
