import type { Contact } from "../model/contact.js";
import { compareText } from "./normalize.js";

/** The match key of an externalId: GUIDs are canonically lower-case, so an upper-case one is the same key. */
export function matchKey(externalId: string): string {
  return externalId.toLowerCase();
}

/** A contact carrying a key: only those with the prefix are the tool's own. */
export type ManagedContact = Contact & { externalId: string };

export function isManaged(contact: Contact, prefix: string): contact is ManagedContact {
  return contact.externalId !== null && contact.externalId.startsWith(prefix);
}

/** Hand-made contacts: the only ones adoption may take over. */
export function isUnowned(contact: Contact): boolean {
  return contact.externalId === null || contact.externalId.trim() === "";
}

export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) addTo(groups, keyOf(item), item);
  return groups;
}

/** Adds one item to its group (in place: copying the group on every add is quadratic). */
export function addTo<T>(groups: Map<string, T[]>, key: string, item: T): void {
  const group = groups.get(key);
  if (group) group.push(item);
  else groups.set(key, [item]);
}

export function byId(a: Contact, b: Contact): number {
  return compareText(a.id, b.id);
}
