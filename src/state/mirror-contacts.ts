import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Contact } from "../model/contact.js";
import { writeFileAtomic } from "../fs/atomic-write.js";
import { asciiOnly, jsonText } from "./state-text.js";

/**
 * The mirror's contacts live in mirror.json beside state.json (state format 2), so that a run which
 * changed no contact rewrites only the small state.json: the mirror of 100,000 contacts is about 50 MB,
 * and writing it back unchanged took a third of a second of every idle run. Both files name the same
 * `generation`: a state.json whose mirror.json does not carry its generation is not used (the run reads
 * the whole MBN directory), so a crash between the two writes can never pair a watermark with the wrong
 * contacts. mirror.json is written first: a crash after it leaves the old state.json, which no longer
 * matches, and costs one full read.
 */
export const MIRROR_FILE = "mirror.json";

export interface MirrorRef {
  file: typeof MIRROR_FILE;
  generation: string;
  /** How many contacts mirror.json holds: a cheap check that it is the file state.json describes. */
  contacts: number;
}

export const mirrorFileOf = (stateFile: string): string => join(dirname(stateFile), MIRROR_FILE);

/**
 * The contact lists this process read from (or wrote to) a mirror file, and which: writing the same,
 * unchanged list back to the same file is skipped. Such a list is frozen, so that a change made to it in
 * place fails loudly instead of being left unsaved.
 */
const onDisk = new WeakMap<readonly Contact[], { file: string; generation: string }>();

function remember(contacts: Contact[], file: string, generation: string): void {
  Object.freeze(contacts);
  onDisk.set(contacts, { file, generation });
}

/** What readMirror found: the contacts, or why mirror.json cannot be used (the caller names the file). */
export type MirrorRead = { contacts: unknown } | { problem: string };

export async function readMirror(stateFile: string, ref: MirrorRef): Promise<MirrorRead> {
  const file = mirrorFileOf(stateFile);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { problem: `${file}, which holds its contacts, is missing` };
    if (code !== undefined) return { problem: `${file} cannot be read (${code})` };
    return { problem: `${file} is not JSON (${(error as Error).message})` };
  }
  const mirror = json as { format?: unknown; generation?: unknown; contacts?: unknown } | null;
  if (mirror?.generation !== ref.generation) {
    return { problem: `${file} is not the mirror it names (another generation)` };
  }
  return { contacts: mirror.contacts };
}

/** After readState checked the contacts of a mirror it read: they are what that file holds. */
export function rememberRead(contacts: Contact[], stateFile: string, generation: string): void {
  remember(contacts, mirrorFileOf(stateFile), generation);
}

/** Writes mirror.json unless it already holds exactly these contacts; the reference state.json records. */
export async function writeMirror(stateFile: string, contacts: Contact[]): Promise<MirrorRef> {
  const file = mirrorFileOf(stateFile);
  const known = onDisk.get(contacts);
  if (known?.file === file)
    return { file: MIRROR_FILE, generation: known.generation, contacts: contacts.length };
  const generation = randomBytes(8).toString("hex");
  await writeFileAtomic(file, asciiOnly(jsonText({ format: 2, generation, contacts }, "contacts")));
  remember(contacts, file, generation);
  return { file: MIRROR_FILE, generation, contacts: contacts.length };
}
