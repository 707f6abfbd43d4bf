import { isConflict, isNotFound, isPreconditionFailed, type MbnClient } from "../mbn/index.js";
import { toInput, type Contact, type ManagedField } from "../model/contact.js";
import { rebaseEntry, type CreateEntry, type DeleteEntry, type UpdateEntry } from "../plan/index.js";
import type { ContactWriter, WriterAnswer } from "./types.js";
import { WriteSkipped } from "./write-skipped.js";

export interface WriterOptions {
  managedFields: readonly ManagedField[];
  /**
   * What a 412 (the contact changed in MBN since it was read) does to an update or delete:
   * - "replan": re-read that contact and write what is still needed against its fresh version (sync);
   * - "skip": leave that item unwritten (stale), so a reviewed plan never overwrites a newer contact (apply).
   */
  onStale: "replan" | "skip";
}

interface Context {
  client: MbnClient;
  options: WriterOptions;
}

function stale(entry: UpdateEntry | DeleteEntry): WriteSkipped {
  return new WriteSkipped(
    `contact ${entry.contactId} changed or was deleted in MBN since the plan was made (version ` +
      `${entry.baseVersion} planned); not overwritten. Make a new plan to include it.`,
    412,
    41201,
  );
}

/** Writes what is still needed against a freshly read contact; nothing when it holds it already. */
async function rebaseOn(
  ctx: Context,
  entry: CreateEntry | UpdateEntry,
  fresh: Contact,
): Promise<WriterAnswer> {
  const rebased = rebaseEntry(entry, fresh, ctx.options.managedFields);
  const basis = toInput(fresh);
  if (rebased.kind === "unchanged") return { outcome: "already-present", contact: fresh, basis };
  if (rebased.kind === "conflict") throw new WriteSkipped(rebased.reason);
  const { input, baseVersion } = rebased.entry;
  return { outcome: "written", contact: await ctx.client.updateContact(fresh.id, input, baseVersion), basis };
}

async function create(ctx: Context, entry: CreateEntry): Promise<WriterAnswer> {
  try {
    return { outcome: "written", contact: await ctx.client.createContact(entry.input) };
  } catch (error) {
    if (!isConflict(error) || !error.existingId) throw error;
    const existing = await ctx.client.getContact(error.existingId);
    if (!existing) return { outcome: "written", contact: await ctx.client.createContact(entry.input) };
    return rebaseOn(ctx, entry, existing);
  }
}

/** An update whose contact was deleted by hand: created again (which may meet a 409 in turn). */
async function recreate(ctx: Context, entry: UpdateEntry): Promise<WriterAnswer> {
  const { externalId, source, input, changes } = entry;
  const answer = await create(ctx, { action: "create", externalId, source, input, changes });
  return answer.basis === undefined ? { ...answer, basis: null } : answer;
}

async function update(ctx: Context, entry: UpdateEntry): Promise<WriterAnswer> {
  try {
    const contact = await ctx.client.updateContact(entry.contactId, entry.input, entry.baseVersion);
    return { outcome: "written", contact };
  } catch (error) {
    if (!isNotFound(error) && !isPreconditionFailed(error)) throw error;
    if (ctx.options.onStale === "skip") throw stale(entry);
    if (isNotFound(error)) return recreate(ctx, entry);
    const fresh = await ctx.client.getContact(entry.contactId);
    return fresh ? rebaseOn(ctx, entry, fresh) : recreate(ctx, entry);
  }
}

async function remove(ctx: Context, entry: DeleteEntry): Promise<"written" | "already-gone"> {
  try {
    await ctx.client.deleteContact(entry.contactId, entry.baseVersion);
    return "written";
  } catch (error) {
    if (isNotFound(error)) return "already-gone";
    if (!isPreconditionFailed(error)) throw error;
    if (ctx.options.onStale === "skip") throw stale(entry);
    // Changed since it was read, but still ours and still without a user: delete the fresh version,
    // unless it no longer carries our key (then it is not ours to delete).
    const fresh = await ctx.client.getContact(entry.contactId);
    if (!fresh) return "already-gone";
    if (fresh.externalId?.toLowerCase() !== entry.externalId.toLowerCase()) {
      throw new WriteSkipped(
        `contact ${entry.contactId} no longer carries ${entry.externalId}; not deleted.`,
      );
    }
    await ctx.client.deleteContact(fresh.id, fresh.version);
    return "written";
  }
}

/**
 * The writes of a plan over the MBN client, with the contract's recoveries. This is the one place that
 * recovers a write; the client below it only retries what is safe to repeat. Each answer says whether
 * MBN took a write of ours or already held what was wanted, so the report and the audit log never
 * claim a write that was not made.
 * - 409 on create: the contact exists already, usually our own create whose answer was lost (a timeout or
 *   a 5xx after MBN stored it, then a retry): re-plan it against the stored contact, which turns it into
 *   nothing ("already-present": it holds what we sent) or an update;
 * - 412 on update or delete: see WriterOptions.onStale;
 * - 404 on update: someone deleted it by hand since it was read: create it again (or, for a saved plan,
 *   skip it as stale);
 * - 404 on delete: already gone, which is what was wanted ("already-gone").
 */
export function mbnContactWriter(client: MbnClient, options: WriterOptions): ContactWriter {
  const ctx: Context = { client, options };
  return {
    create: (entry) => create(ctx, entry),
    update: (entry) => update(ctx, entry),
    delete: (entry) => remove(ctx, entry),
  };
}
