/** One user through the compiled field writers: a contact, or a skip with the reason. */
import { FIELD_LIMITS, type ManagedValues } from "../model/contact.js";
import type { Warning } from "../model/desired.js";
import { userName, type SourceUser } from "../source/types.js";
import type { UserMapping } from "./compile.js";
import type { FieldWriter } from "./fields.js";
import type { MapContext } from "./transforms.js";
import { UserDataError } from "./user-data-error.js";

/** A skip; from the point the user has a key, it carries it, so the planner leaves that contact alone. */
function skipOf(source: string, reason: string, warnings: Warning[], externalId?: string): UserMapping {
  return { skip: externalId === undefined ? { source, reason } : { source, reason, externalId }, warnings };
}

// Runs once per user: no closures or spreads here, so mapping 100k users allocates little besides the result.
export function mapOne(writers: readonly FieldWriter[], user: SourceUser, prefix: string): UserMapping {
  const source = userName(user);
  const ctx: MapContext = { source, warnings: [], user };
  if (user.guid === null || user.guid === "") {
    return skipOf(
      source,
      "no objectGUID: the contact's key (externalId) is <prefix><objectGUID>, so the user cannot be synced",
      ctx.warnings,
    );
  }
  const externalId = prefix + user.guid;
  if (externalId.length > FIELD_LIMITS.externalId) {
    return skipOf(
      source,
      `externalId is over ${FIELD_LIMITS.externalId} characters; shorten sync.externalIdPrefix`,
      ctx.warnings,
    );
  }
  // From here the user has a key: a skip carries it, so that the planner leaves the user's contact alone
  // instead of taking a mapping problem for a user who left.
  const fields: ManagedValues = {};
  for (const writer of writers) {
    try {
      writer.write(user.attributes, ctx, fields);
    } catch (error) {
      if (!(error instanceof UserDataError)) throw error;
      return skipOf(
        source,
        `the mapping of ${writer.field} failed: ${error.message}`,
        ctx.warnings,
        externalId,
      );
    }
  }
  if (!fields.firstName && !fields.lastName && !fields.displayName) {
    return skipOf(
      source,
      "no name: firstName, lastName and displayName are all empty after mapping",
      ctx.warnings,
      externalId,
    );
  }
  return { contact: { externalId, source, fields }, warnings: ctx.warnings };
}
