import type { Contact, ContactInput } from "../model/contact.js";
import { toInput } from "../model/contact.js";
import type { CursorPosition } from "./cursor.js";
import { ApiError } from "./http.js";

export interface Tombstone {
  id: string;
  deleted: true;
  modified: string;
}
export type Change = Contact | Tombstone;

interface Book {
  /** Insertion order is id order: ids only grow and are never reused. */
  contacts: Map<string, Contact>;
  tombstones: Map<string, Tombstone>;
}

/** What the data file holds. */
export interface StoreSnapshot {
  format: 1;
  nextId: number;
  lastModified: string | null;
  enterprises: Record<string, { contacts: Contact[]; tombstones: Tombstone[] }>;
}

export interface Page<T> {
  items: T[];
  more: boolean;
}

function makeContact(id: string, input: ContactInput, version: number, modified: string): Contact {
  return { id, ...toInput({ ...input, id, version, modified }), version, modified };
}

function byModifiedThenId(a: Change, b: Change): number {
  if (a.modified !== b.modified) return a.modified < b.modified ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function afterPosition(change: Change, position: CursorPosition | null): boolean {
  if (!position?.modified) return true;
  return byModifiedThenId(change, { id: position.id, deleted: true, modified: position.modified }) > 0;
}

/** Every enterprise's contacts and tombstones, with the server-wide id counter and `modified` clock. */
export class ContactStore {
  private readonly books = new Map<string, Book>();
  private nextId = 1;
  private lastModifiedMs = 0;

  constructor(
    private readonly now: () => Date,
    private readonly onChange: () => void,
  ) {}

  load(snapshot: StoreSnapshot): void {
    this.nextId = snapshot.nextId;
    this.lastModifiedMs = snapshot.lastModified === null ? 0 : Date.parse(snapshot.lastModified);
    for (const [enterpriseId, data] of Object.entries(snapshot.enterprises)) {
      const book = this.book(enterpriseId);
      for (const c of [...data.contacts].sort((a, b) => (a.id < b.id ? -1 : 1))) book.contacts.set(c.id, c);
      for (const t of data.tombstones) book.tombstones.set(t.id, t);
    }
  }

  snapshot(): StoreSnapshot {
    const enterprises: StoreSnapshot["enterprises"] = {};
    for (const [enterpriseId, book] of this.books) {
      enterprises[enterpriseId] = {
        contacts: [...book.contacts.values()],
        tombstones: [...book.tombstones.values()],
      };
    }
    const lastModified = this.lastModifiedMs === 0 ? null : new Date(this.lastModifiedMs).toISOString();
    return { format: 1, nextId: this.nextId, lastModified, enterprises };
  }

  /** The server's clock, never behind the last `modified` it handed out (which may run ahead by bumps). */
  serverTimeMs(): number {
    return Math.max(this.now().getTime(), this.lastModifiedMs);
  }

  all(enterpriseId?: string): Contact[] {
    const books = enterpriseId === undefined ? [...this.books.values()] : [this.peek(enterpriseId)];
    return books.flatMap((b) => [...b.contacts.values()]).sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  list(enterpriseId: string, after: CursorPosition | null, limit: number): Page<Contact> {
    const live = [...this.peek(enterpriseId).contacts.values()].filter(
      (c) => after === null || c.id > after.id,
    );
    return { items: live.slice(0, limit), more: live.length > limit };
  }

  changes(enterpriseId: string, since: string, after: CursorPosition | null, limit: number): Page<Change> {
    const book = this.peek(enterpriseId);
    const changed = [...book.contacts.values(), ...book.tombstones.values()]
      .filter((c) => c.modified > since && afterPosition(c, after))
      .sort(byModifiedThenId);
    return { items: changed.slice(0, limit), more: changed.length > limit };
  }

  purgeTombstones(olderThanMs: number): void {
    const cutoff = new Date(olderThanMs).toISOString();
    for (const book of this.books.values()) {
      for (const [id, t] of book.tombstones) if (t.modified < cutoff) book.tombstones.delete(id);
    }
  }

  get(enterpriseId: string, id: string): Contact {
    const contact = this.peek(enterpriseId).contacts.get(id);
    if (!contact) throw new ApiError(404, 40401, `Contact ${id} not found`);
    return contact;
  }

  create(enterpriseId: string, input: ContactInput): Contact {
    this.assertExternalIdFree(enterpriseId, input.externalId, null);
    const id = `c_${String(this.nextId++).padStart(10, "0")}`;
    const contact = makeContact(id, input, 1, this.tick());
    this.book(enterpriseId).contacts.set(id, contact);
    this.onChange();
    return contact;
  }

  replace(enterpriseId: string, id: string, input: ContactInput, ifMatch: number | undefined): Contact {
    const current = this.get(enterpriseId, id);
    this.assertVersion(current, ifMatch);
    this.assertExternalIdFree(enterpriseId, input.externalId, id);
    const contact = makeContact(id, input, current.version + 1, this.tick());
    this.book(enterpriseId).contacts.set(id, contact);
    this.onChange();
    return contact;
  }

  remove(enterpriseId: string, id: string, ifMatch: number | undefined): void {
    const current = this.get(enterpriseId, id);
    this.assertVersion(current, ifMatch);
    const book = this.book(enterpriseId);
    book.contacts.delete(id);
    book.tombstones.set(id, { id, deleted: true, modified: this.tick() });
    this.onChange();
  }

  /** A fresh `modified`: the clock, bumped 1 ms past the previous one so the feed's order is total. */
  private tick(): string {
    this.lastModifiedMs = Math.max(this.now().getTime(), this.lastModifiedMs + 1);
    return new Date(this.lastModifiedMs).toISOString();
  }

  private assertVersion(current: Contact, ifMatch: number | undefined): void {
    if (ifMatch !== undefined && ifMatch !== current.version) {
      throw new ApiError(
        412,
        41201,
        `Contact ${current.id} is at version ${current.version}, not the version in If-Match`,
      );
    }
  }

  private assertExternalIdFree(enterpriseId: string, externalId: string | null, self: string | null): void {
    if (externalId === null) return;
    for (const c of this.peek(enterpriseId).contacts.values()) {
      if (c.externalId === externalId && c.id !== self) {
        throw new ApiError(409, 40901, `externalId ${externalId} is already used by contact ${c.id}`, {
          existingId: c.id,
        });
      }
    }
  }

  /** For reads: an enterprise nobody wrote to has an empty book, not a new entry in the data file. */
  private peek(enterpriseId: string): Book {
    return this.books.get(enterpriseId) ?? { contacts: new Map(), tombstones: new Map() };
  }

  private book(enterpriseId: string): Book {
    let book = this.books.get(enterpriseId);
    if (!book) {
      book = { contacts: new Map(), tombstones: new Map() };
      this.books.set(enterpriseId, book);
    }
    return book;
  }
}
