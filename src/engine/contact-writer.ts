import type { ContactWriter } from "../apply/index.js";
import { isConflict, isNotFound, type MbnClient } from "../mbn/index.js";
import type { Contact, ContactInput } from "../model/contact.js";

/**
 * The writes of a plan over the MBN client, with the contract's recoveries:
 * - 409 on create: the contact exists already (usually our own create whose answer was lost): take it over.
 * - 404 on update: someone deleted it by hand since it was read: create it again.
 * - 404 on delete: already gone, which is what we wanted.
 * A 412 (changed since it was read) is not retried blindly: it fails that item, and the next run re-plans it.
 */
export function mbnContactWriter(client: MbnClient): ContactWriter {
  return {
    async create(input: ContactInput): Promise<Contact> {
      try {
        return await client.createContact(input);
      } catch (error) {
        if (!isConflict(error) || !error.existingId) throw error;
        const existing = await client.getContact(error.existingId);
        if (!existing) return client.createContact(input);
        return client.updateContact(existing.id, input, existing.version);
      }
    },
    async update(id: string, input: ContactInput, ifMatchVersion: number): Promise<Contact> {
      try {
        return await client.updateContact(id, input, ifMatchVersion);
      } catch (error) {
        if (!isNotFound(error)) throw error;
        return this.create(input);
      }
    },
    async delete(id: string, ifMatchVersion: number): Promise<void> {
      try {
        await client.deleteContact(id, ifMatchVersion);
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    },
  };
}
