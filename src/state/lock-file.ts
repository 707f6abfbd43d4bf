import { randomBytes } from "node:crypto";
import { link, open, readFile, rm } from "node:fs/promises";
import { z } from "zod";
import type { LockHolder } from "./errors.js";

/** The lock file's content: the holder, and a token that tells this run's lock from any other. */
export interface LockRecord extends LockHolder {
  token: string;
}

const recordSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  startedAt: z.iso.datetime(),
  token: z.string(),
});

export function newToken(): string {
  return randomBytes(12).toString("hex");
}

export type ReadLock =
  | { kind: "missing" }
  | { kind: "held"; record: LockRecord; text: string }
  | { kind: "corrupt"; text: string; reason: string };

export async function readLockFile(file: string): Promise<ReadLock> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { kind: "missing" };
    return { kind: "corrupt", text: "", reason: `unreadable (${code ?? (error as Error).message})` };
  }
  try {
    const parsed = recordSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { kind: "held", record: parsed.data, text };
  } catch {
    // falls through: not JSON
  }
  return { kind: "corrupt", text, reason: "not a lock record" };
}

/**
 * Creates the lock file only if none exists; false when one does. The record is written to a
 * private temporary file first and hard-linked into place, so the lock appears with its content
 * complete: a run starting at the same instant never reads an empty lock and mistakes it for a
 * corrupt one. File systems without hard links get a plain exclusive create ("wx").
 */
export async function createLockFile(file: string, record: LockRecord): Promise<boolean> {
  const text = JSON.stringify(record);
  const tmp = `${file}.${record.token}.tmp`;
  let linked: boolean | undefined;
  try {
    const handle = await open(tmp, "wx", 0o600);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await link(tmp, file);
    linked = true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") linked = false;
    else if (code !== "EPERM" && code !== "ENOTSUP" && code !== "ENOSYS" && code !== "EXDEV") throw error;
  } finally {
    await rm(tmp, { force: true });
  }
  if (linked !== undefined) return linked;
  try {
    const handle = await open(file, "wx", 0o600);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}
