import { isConflict, isNotFound, isPreconditionFailed, type MbnClient } from "../mbn/index.js";
import type { Contact, ManagedField } from "../model/contact.js";
import { rebaseEntry, type CreateEntry, type DeleteEntry, type UpdateEntry } from "../plan/index.js";
import type { ContactWriter } from "./types.js";

export interface WriterOptions {
  managedFields: readonly ManagedField[];
  /**
   * What a 412 (the contact changed in MBN since it was read) does to an update or delete:
   * - "replan": re-read that contact and write what is still needed against its fresh version (sync);
   * - "skip": fail that item without writing, so a reviewed plan never overwrites a newer contact (apply).
   */
  onStale: "replan" | "skip";
}

/** An item that was not written, with the reason the operator sees. */
export class WriteSkipped extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: number,
  ) {
    super(message);
    this.name = "WriteSkipped";
  }
}

function stale(entry: UpdateEntry | DeleteEntry): WriteSkipped {
  return new WriteSkipped(
    `contact ${entry.contactId} changed or was deleted in MBN since the plan was made (version ` +
      `${entry.baseVersion} planned); not overwritten. Make a new plan to include it.`,
    412,
    41201,
  );
}

/**
 * The writes of a plan over the MBN client, with the contract's recoveries. This is the one place that
 * recovers a write; the client below it only retries what is safe to repeat.
 * - 409 on create: the contact exists already, usually our own create whose answer was lost (a timeout or
 *   a 5xx after MBN stored it, then a retry): re-plan it against the stored contact, which turns it into
 *   nothing (it holds what we sent) or an update;
 * - 412 on update or delete: see WriterOptions.onStale;
 * - 404 on update: someone deleted it by hand since it was read: create it again (or, for a saved plan,
 *   skip it as stale);
 * - 404 on delete: already gone, which is what was wanted.
 */
export function mbnContactWriter(client: MbnClient, options: WriterOptions): ContactWriter {
  async function rebaseOn(entry: CreateEntry | UpdateEntry, fresh: Contact): Promise<Contact> {
    const rebased = rebaseEntry(entry, fresh, options.managedFields);
    if (rebased.kind === "unchanged") return fresh;
    if (rebased.kind === "conflict") throw new WriteSkipped(rebased.reason);
    return client.updateContact(fresh.id, rebased.entry.input, rebased.entry.baseVersion);
  }

  async function create(entry: CreateEntry): Promise<Contact> {
    try {
      return await client.createContact(entry.input);
    } catch (error) {
      if (!isConflict(error) || !error.existingId) throw error;
      const existing = await client.getContact(error.existingId);
      if (!existing) return client.createContact(entry.input);
      return rebaseOn(entry, existing);
    }
  }

  return {
    create,
    async update(entry: UpdateEntry): Promise<Contact> {
      const recreate = (): Promise<Contact> =>
        create({
          action: "create",
          externalId: entry.externalId,
          source: entry.source,
          input: entry.input,
          changes: entry.changes,
        });
      try {
        return await client.updateContact(entry.contactId, entry.input, entry.baseVersion);
      } catch (error) {
        if (!isNotFound(error) && !isPreconditionFailed(error)) throw error;
        if (options.onStale === "skip") throw stale(entry);
        if (isNotFound(error)) return recreate();
        const fresh = await client.getContact(entry.contactId);
        return fresh ? rebaseOn(entry, fresh) : recreate();
      }
    },
    async delete(entry: DeleteEntry): Promise<void> {
      try {
        await client.deleteContact(entry.contactId, entry.baseVersion);
      } catch (error) {
        if (isNotFound(error)) return;
        if (!isPreconditionFailed(error)) throw error;
        if (options.onStale === "skip") throw stale(entry);
        // Changed since it was read, but still ours and still without a user: delete the fresh version,
        // unless it no longer carries our key (then it is not ours to delete).
        const fresh = await client.getContact(entry.contactId);
        if (!fresh) return;
        if (fresh.externalId?.toLowerCase() !== entry.externalId.toLowerCase()) {
          throw new WriteSkipped(
            `contact ${entry.contactId} no longer carries ${entry.externalId}; not deleted.`,
          );
        }
        await client.deleteContact(fresh.id, fresh.version);
      }
    },
  };
}
