import type { Contact } from "../model/contact.js";
import type { DesiredContact } from "../model/desired.js";
import { addTo, byId, groupBy, isUnowned } from "./keys.js";
import type { Conflict } from "./types.js";

export type AdoptBy = "email" | "mobile";

export interface AdoptionResult {
  adopted: { desired: DesiredContact; contact: Contact }[];
  /** Desired contacts that matched nothing: to be created. */
  unmatched: DesiredContact[];
  conflicts: Conflict[];
}

function emailKey(email: string | null | undefined): string | null {
  const key = email?.trim().toLowerCase();
  return key ? key : null;
}

function mobiles(phones: readonly { type: string; number: string }[] | null | undefined): string[] {
  return (phones ?? []).filter((p) => p.type === "mobile").map((p) => p.number.replace(/\s+/g, ""));
}

interface Candidates {
  byEmail: Map<string, Contact[]>;
  byMobile: Map<string, Contact[]>;
}

/** Contacts by e-mail and by mobile number. */
function indexContacts(contacts: readonly Contact[]): Candidates {
  const index: Candidates = { byEmail: new Map(), byMobile: new Map() };
  for (const contact of [...contacts].sort(byId)) {
    const email = emailKey(contact.email);
    if (email) addTo(index.byEmail, email, contact);
    for (const number of new Set(mobiles(contact.phoneNumbers))) addTo(index.byMobile, number, contact);
  }
  return index;
}

function candidatesFor(d: DesiredContact, index: Candidates, matchBy: readonly AdoptBy[]): Contact[] {
  const found = new Map<string, Contact>();
  if (matchBy.includes("email")) {
    const email = emailKey(d.fields.email);
    for (const c of email ? (index.byEmail.get(email) ?? []) : []) found.set(c.id, c);
  }
  if (matchBy.includes("mobile")) {
    for (const number of mobiles(d.fields.phoneNumbers)) {
      for (const c of index.byMobile.get(number) ?? []) found.set(c.id, c);
    }
  }
  return [...found.values()].sort(byId);
}

/** A contact carrying a key that is not ours: another tool's (`hr:42`). */
function isForeign(contact: Contact, prefix: string): boolean {
  return !isUnowned(contact) && !(contact.externalId ?? "").startsWith(prefix);
}

function foreignConflict(d: DesiredContact, foreign: Contact[], matchBy: readonly AdoptBy[]): Conflict {
  const named = foreign.map((c) => `${c.id} (externalId "${c.externalId ?? ""}")`).join(", ");
  return {
    externalId: d.externalId,
    sources: [d.source],
    contactIds: foreign.map((c) => c.id),
    reason:
      `${d.source} matches ${foreign.length === 1 ? "contact" : "contacts"} ${named} by ${matchBy.join(" or ")}, ` +
      "which another tool manages; not adopted (two tools would fight over it) or created (the person would " +
      "show twice). Settle which tool owns this person's contact.",
  };
}

/**
 * Matches desired contacts that have no managed contact against hand-made contacts (no externalId).
 * Only a match that is unique both ways is adopted; anything ambiguous is a conflict and the users
 * involved are skipped, never created (a create would duplicate the hand-made contact).
 * Contacts carrying another tool's key (another prefix) are never adopted: a user matching one is a
 * conflict naming both, and nothing is created beside it.
 */
export function matchAdoptions(
  desired: readonly DesiredContact[],
  contacts: readonly Contact[],
  matchBy: readonly AdoptBy[],
  prefix: string,
): AdoptionResult {
  const index = indexContacts(contacts.filter(isUnowned));
  const foreignIndex = indexContacts(contacts.filter((c) => isForeign(c, prefix)));
  const result: AdoptionResult = { adopted: [], unmatched: [], conflicts: [] };
  const claims: Claim[] = [];
  for (const d of desired) {
    const foreign = candidatesFor(d, foreignIndex, matchBy);
    if (foreign.length > 0) {
      result.conflicts.push(foreignConflict(d, foreign, matchBy));
      continue;
    }
    const candidates = candidatesFor(d, index, matchBy);
    const [only] = candidates;
    if (only === undefined) {
      result.unmatched.push(d);
    } else if (candidates.length > 1) {
      result.conflicts.push({
        externalId: d.externalId,
        sources: [d.source],
        contactIds: candidates.map((c) => c.id),
        reason:
          `${d.source} matches ${candidates.length} hand-made contacts by ${matchBy.join(" or ")}; ` +
          "not adopted or created. Remove the duplicates in MBN or give one of them the externalId by hand.",
      });
    } else {
      claims.push({ desired: d, contact: only });
    }
  }
  settleClaims(claims, matchBy, result);
  return result;
}

interface Claim {
  desired: DesiredContact;
  contact: Contact;
}

/** A hand-made contact claimed by one user is adopted; claimed by several, it is a conflict. */
function settleClaims(claims: readonly Claim[], matchBy: readonly AdoptBy[], result: AdoptionResult): void {
  for (const group of groupBy(claims, (c) => c.contact.id).values()) {
    const [first] = group;
    if (first === undefined) continue;
    if (group.length === 1) {
      result.adopted.push(first);
      continue;
    }
    const sources = group.map((g) => g.desired.source).sort();
    result.conflicts.push({
      sources,
      contactIds: [first.contact.id],
      reason:
        `${group.length} users (${sources.join(", ")}) match the same hand-made contact ${first.contact.id} ` +
        `by ${matchBy.join(" or ")}; none of them is adopted or created. Correct the source data or the contact.`,
    });
  }
}
