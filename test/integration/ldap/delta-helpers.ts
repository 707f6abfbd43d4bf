/** Edits made to a test DC as the administrator, over its local socket, for the delta-read tests. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { adminBindArgs, type SambaDcInfo } from "../../helpers/samba-dc.js";

const run = promisify(execFile);

/** Applies LDIF change records (changetype: modify / modrdn / add / delete). */
export async function ldapModify(dc: SambaDcInfo, ldif: string): Promise<void> {
  const child = run("ldapmodify", adminBindArgs(dc), {
    timeout: 30_000,
  });
  child.child.stdin?.end(ldif);
  await child;
}

/** A deterministic pseudo-random sequence (mulberry32), so that a failing sequence can be run again by its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
