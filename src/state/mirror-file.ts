import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { Contact } from "../model/contact.js";
import { contactSchema } from "../model/contact-schema.js";
import { writeFileAtomic } from "../fs/atomic-write.js";
import { MIRROR_FILE, readMirror, rememberRead, writeMirror, type MirrorRef } from "./mirror-contacts.js";
import { isMirrorContact } from "./contact-check.js";
import { appliedPlanSchema, type AppliedPlan } from "./applied-plans.js";
import { directoryStateSchema, type DirectoryState } from "./directory-state.js";
import { StateError } from "./errors.js";

/** 2: the contacts in mirror.json beside state.json (mirror-contacts.ts). Format 1 (inline) is still read. */
export const STATE_FORMAT = 2;

/** What state.json (with mirror.json) holds: the mirror of the enterprise's MBN contacts and what the next run needs. */
export interface SyncState {
  format: typeof STATE_FORMAT;
  baseUrl: string;
  enterpriseId: string;
  /**
   * The next changed-since read starts here less the overlap (engine/mirror-refresh.ts). After a full
   * read, the time the read started less the overlap; after a feed read, the newest `modified` read,
   * moved up to the server's clock less the overlap but never past the server's clock.
   */
  watermark: string | null;
  /** ISO time of the last full GET /contacts. */
  lastFullReadAt: string | null;
  /** Every field of every live contact, with id, version and modified. */
  contacts: Contact[];
  /** Figures of the last successful run, for the shrink guard. */
  lastRun: { finishedAt: string; desiredCount: number } | null;
  /**
   * The saved plans `apply` wrote from this directory, oldest first, at most MAX_APPLIED_PLANS: applying
   * one again is refused. Absent in files of older versions (read as none).
   */
  appliedPlans?: AppliedPlan[];
  /**
   * Since when the user of each managed contact awaiting its delete (sync.deleteAfter) is missing. Absent
   * in files of older versions and when nothing waits: a list lost with its file starts the clock again,
   * so a delete is never made early.
   */
  missingSince?: MissingSince[];
  /**
   * The directory side (source.incremental): the DC, its USN and the users in scope the last read reached.
   * Absent in files of older versions and without source.incremental (read as: a full read of the directory).
   */
  directory?: DirectoryState;
}

/** One managed contact whose user is missing from the source, and since when. */
export interface MissingSince {
  externalId: string;
  since: string;
}

const isoTime = z.iso.datetime();

const stateSchema = z.object({
  format: z.literal(STATE_FORMAT),
  baseUrl: z.string(),
  enterpriseId: z.string().min(1),
  watermark: isoTime.nullable(),
  lastFullReadAt: isoTime.nullable(),
  // Each contact is checked by isMirrorContact, and by contactSchema only when that says no (readState).
  contacts: z.custom<Contact[]>((value) => Array.isArray(value), "Invalid input: expected array"),
  lastRun: z.object({ finishedAt: isoTime, desiredCount: z.number().int().nonnegative() }).nullable(),
  appliedPlans: z.array(appliedPlanSchema).optional(),
  missingSince: z.array(z.object({ externalId: z.string().min(1), since: isoTime })).optional(),
  // A directory part that does not parse costs a full read of the directory, not the mirror of MBN.
  directory: directoryStateSchema.optional().catch(undefined),
}) satisfies z.ZodType<SyncState>;

export interface ReadStateResult {
  /** null when there is no usable state: the engine reads the whole directory. */
  state: SyncState | null;
  /** Why an existing file was not used; a warning for the report. */
  problem?: string;
}

/**
 * Reads state.json. Never throws for a bad file: a missing file is "no state", and an unreadable,
 * corrupt or foreign one is reported as a problem and ignored as a whole (a half-used mirror could
 * plan duplicates), so the run falls back to a full read and writes a good file.
 */
export async function readState(file: string): Promise<ReadStateResult> {
  let raw: string;
  try {
    raw = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { state: null };
    return { state: null, problem: `${file} cannot be read (${code ?? (error as Error).message})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return { state: null, problem: `${file} is not JSON (${(error as Error).message})` };
  }
  const format = (json as { format?: unknown } | null)?.format;
  if (typeof format === "number" && format !== STATE_FORMAT && format !== 1) {
    return {
      state: null,
      problem: `${file} has format ${format}, this version reads formats 1 and ${STATE_FORMAT}`,
    };
  }
  let mirror: MirrorRef | undefined;
  if (format === STATE_FORMAT) {
    const ref = mirrorRefSchema.safeParse((json as { mirror?: unknown }).mirror);
    if (!ref.success) return { state: null, problem: notAState(file, ["mirror"], ref.error) };
    mirror = ref.data;
    const read = await readMirror(file, mirror);
    if ("problem" in read) return { state: null, problem: `${file} cannot be used: ${read.problem}` };
    json = { ...(json as object), contacts: read.contacts };
  }
  const parsed = stateSchema.safeParse({ ...(json as object), format: STATE_FORMAT });
  if (!parsed.success) return { state: null, problem: notAState(file, [], parsed.error) };
  const problem = checkContacts(file, parsed.data.contacts);
  if (problem) return { state: null, problem };
  if (mirror) {
    if (parsed.data.contacts.length !== mirror.contacts) {
      return {
        state: null,
        problem: `${file} cannot be used: ${MIRROR_FILE} holds another number of contacts`,
      };
    }
    rememberRead(parsed.data.contacts, file, mirror.generation);
  }
  return { state: parsed.data };
}

const mirrorRefSchema = z.object({
  file: z.literal(MIRROR_FILE),
  generation: z.string().min(1),
  contacts: z.number().int().nonnegative(),
});

/** Each contact checked (copying nothing when it is good) and each id once: else why the state is not used. */
function checkContacts(file: string, contacts: Contact[]): string | undefined {
  const seen = new Set<string>();
  for (let i = 0; i < contacts.length; i++) {
    const c = contacts[i] as unknown;
    if (!isMirrorContact(c)) {
      const checked = contactSchema.safeParse(c);
      if (!checked.success) return notAState(file, ["contacts", i], checked.error);
      contacts[i] = checked.data;
    }
    const { id } = contacts[i] as Contact;
    if (seen.has(id)) return `${file} lists contact ${id} twice`;
    seen.add(id);
  }
  return undefined;
}

function notAState(file: string, at: PropertyKey[], error: z.ZodError): string {
  const issue = error.issues[0];
  const path = [...at, ...(issue?.path ?? [])];
  const where = path.length ? path.map(String).join(".") : "(top level)";
  return `${file} is not a state file (${where}: ${issue?.message ?? "bad shape"})`;
}

/**
 * Writes the state atomically, mode 0600, compact JSON: mirror.json first (only when its contacts are not
 * the ones it already holds), then state.json naming it.
 */
export async function writeState(file: string, state: SyncState): Promise<void> {
  try {
    const { contacts, ...rest } = state;
    const mirror = await writeMirror(file, contacts);
    await writeFileAtomic(file, JSON.stringify({ ...rest, format: STATE_FORMAT, mirror }));
  } catch (error) {
    throw new StateError(
      file,
      `cannot write the state file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check that state.dir is writable and the disk has room`,
      { cause: error },
    );
  }
}
