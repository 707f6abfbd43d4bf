import type { Contact } from "../model/contact.js";
import { isGone, isTombstone, MbnApiError } from "../mbn/index.js";
import type { Tombstone } from "../mbn/index.js";
import type { SyncState } from "../state/index.js";

/** The part of MbnClient the mirror needs. */
export interface MirrorSource {
  listContacts(onPage?: OnPage): Promise<Contact[]>;
  listChanges(
    since: string,
    onPage?: OnPage,
  ): Promise<{ changes: (Contact | Tombstone)[]; serverTime: string }>;
}

/** After each page read: its number and the items read so far. */
export type OnPage = (page: number, items: number) => void;

export interface RefreshInput {
  previous: SyncState | null;
  /** readState's problem, when the file existed but could not be used. */
  previousProblem?: string;
  baseUrl: string;
  enterpriseId: string;
  /** --full */
  full: boolean;
  fullResyncAfterDays: number;
  now: Date;
  /** Hears of each page of the listing or the feed (for progress). */
  onPage?: OnPage;
}

export interface RefreshResult {
  /** Every live contact, ordered by id. */
  contacts: Contact[];
  watermark: string | null;
  lastFullReadAt: string | null;
  fullRead: boolean;
  /** Why a full read, or "incremental". */
  reason: string;
  /** Contacts and tombstones the feed returned (0 after a full read). */
  changesRead: number;
}

/** The feed is re-read this far back: seeing a change twice is harmless, missing one is not. */
export const OVERLAP_MS = 2 * 60_000;
const DAY_MS = 86_400_000;

/**
 * Brings the mirror of MBN up to date: from the changed-since feed when the saved state allows it,
 * else (or when the feed answers 410, or rejects the watermark) with a full read.
 */
export async function refreshMirror(client: MirrorSource, input: RefreshInput): Promise<RefreshResult> {
  const reason = fullReadReason(input);
  const { previous } = input;
  if (reason !== undefined || previous?.watermark == null)
    return fullRead(client, input, reason ?? "no state");
  try {
    return await incremental(client, previous, previous.watermark, input.onPage);
  } catch (error) {
    if (isGone(error)) return fullRead(client, input, "feed answered 410");
    // 400 code 40003: the watermark is later than the server's clock (a clock set back, a restored
    // server); only a full read gets a trustworthy mirror and watermark again.
    if (error instanceof MbnApiError && error.status === 400 && error.code === 40003) {
      return fullRead(client, input, "feed rejected the watermark");
    }
    throw error;
  }
}

function fullReadReason(input: RefreshInput): string | undefined {
  const { previous } = input;
  if (input.full) return "--full";
  if (previous === null)
    return input.previousProblem ? `state unreadable: ${input.previousProblem}` : "no state";
  if (previous.enterpriseId !== input.enterpriseId) return "enterprise changed";
  if (!sameBaseUrl(previous.baseUrl, input.baseUrl)) return "base URL changed";
  if (previous.watermark === null || previous.lastFullReadAt === null) return "no watermark";
  const ageMs = input.now.getTime() - Date.parse(previous.lastFullReadAt);
  if (ageMs > input.fullResyncAfterDays * DAY_MS)
    return `last full read older than ${input.fullResyncAfterDays} days`;
  return undefined;
}

async function incremental(
  client: MirrorSource,
  previous: SyncState,
  watermark: string,
  onPage: OnPage | undefined,
): Promise<RefreshResult> {
  const watermarkMs = Date.parse(watermark);
  const since = new Date(watermarkMs - OVERLAP_MS).toISOString();
  const { changes, serverTime } = await client.listChanges(since, onPage);
  const byId = new Map<string, Contact>();
  if (changes.length > 0) for (const c of previous.contacts) byId.set(c.id, c);
  let changed = false;
  let newestMs = watermarkMs;
  for (const change of changes) {
    const modifiedMs = Date.parse(change.modified);
    if (!Number.isNaN(modifiedMs)) newestMs = Math.max(newestMs, modifiedMs);
    if (isTombstone(change)) {
      changed = byId.delete(change.id) || changed;
    } else {
      changed = isNews(byId, change) || changed;
      upsert(byId, change);
    }
  }
  // The next `since` is this watermark minus the overlap. The contract's rule (the last change read)
  // alone would make every idle run after a burst of writes re-read the whole burst until something
  // else changes; the overlap already covers changes that land late, so the watermark may also move
  // up to the server's clock less the overlap. Never later than the server's clock, which would make
  // the next feed answer 400.
  const serverMs = Date.parse(serverTime);
  const next = Number.isNaN(serverMs)
    ? newestMs
    : Math.min(Math.max(newestMs, serverMs - OVERLAP_MS), serverMs);
  return {
    // Nothing new (the feed re-read only what the mirror holds, e.g. the overlap): the saved list as it is,
    // sorted by id when it was saved, so the state does not write the mirror again.
    contacts: changed ? sortById(byId) : previous.contacts,
    watermark: new Date(next).toISOString(),
    lastFullReadAt: previous.lastFullReadAt,
    fullRead: false,
    reason: "incremental",
    changesRead: changes.length,
  };
}

/**
 * The watermark after a full read is the time the read started, minus the overlap, not the newest
 * `modified` listed. The listing pages by id, so a contact changed during the read on a page already
 * read is missing from it; its `modified` is after the read started, so the next feed (from this
 * watermark minus another overlap) returns it, even with the local clock up to four minutes ahead of
 * the server's. The newest `modified` would be unsafe (a low-id change during a long read is older
 * than a high-id one seen later) and, in a directory nobody touched for 30 days, older than the
 * tombstone retention: every following run would meet a 410 and read everything again. Changes
 * listed and re-read by the next feed are applied twice, which is harmless.
 */
async function fullRead(client: MirrorSource, input: RefreshInput, reason: string): Promise<RefreshResult> {
  const { now } = input;
  const contacts = await client.listContacts(input.onPage);
  const byId = new Map<string, Contact>();
  for (const c of contacts) upsert(byId, c);
  return {
    contacts: sortById(byId),
    watermark: new Date(now.getTime() - OVERLAP_MS).toISOString(),
    lastFullReadAt: now.toISOString(),
    fullRead: true,
    reason,
    changesRead: 0,
  };
}

/** Whether the mirror does not already hold this version of the contact. */
function isNews(byId: Map<string, Contact>, contact: Contact): boolean {
  const held = byId.get(contact.id);
  return held === undefined || held.version !== contact.version || held.modified !== contact.modified;
}

/** Keeps the newer version: the feed's overlap may bring a change the mirror already holds. */
export function upsert(byId: Map<string, Contact>, contact: Contact): void {
  const held = byId.get(contact.id);
  if (!held || contact.version >= held.version) byId.set(contact.id, contact);
}

export function sortById(byId: Map<string, Contact>): Contact[] {
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Two base URLs name the same API whatever trailing slashes they carry. */
export const sameBaseUrl = (a: string, b: string): boolean => a.replace(/\/+$/, "") === b.replace(/\/+$/, "");
