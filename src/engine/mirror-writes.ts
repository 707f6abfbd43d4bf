import type { Contact } from "../model/contact.js";
import type { WriteResult } from "../write/index.js";
import { sortById, upsert } from "./mirror-refresh.js";

/**
 * The mirror after the run's own writes, taken from MBN's answers, so the next run starts from the
 * truth (a contact found already present or already gone counts as well). A failed, stale or unattempted
 * write changes nothing: the next feed brings whatever MBN holds.
 */
export function mirrorAfterWrites(contacts: readonly Contact[], results: readonly WriteResult[]): Contact[] {
  const byId = new Map(contacts.map((c) => [c.id, c]));
  for (const r of results) {
    if (r.status !== "ok" && r.status !== "already-present" && r.status !== "already-gone") continue;
    if (r.entry.action === "delete") byId.delete(r.entry.contactId);
    else if (r.contact) upsert(byId, r.contact);
  }
  return sortById(byId);
}
