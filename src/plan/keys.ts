import type { Contact } from "../model/contact.js";
import { compareText } from "./normalize.js";

/** The match key of an externalId: GUIDs are canonically lower-case, so an upper-case one is the same key. */
export function matchKey(externalId: string): string {
  return externalId.toLowerCase();
}

export function isManaged(contact: Contact, prefix: string): contact is Contact & { externalId: string } {
  return contact.externalId !== null && contact.externalId.startsWith(prefix);
}

/** Hand-made contacts: the only ones adoption may take over. */
export function isUnowned(contact: Contact): boolean {
  return contact.externalId === null || contact.externalId.trim() === "";
}

export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

export function byId(a: Contact, b: Contact): number {
  return compareText(a.id, b.id);
}
