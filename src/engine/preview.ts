import type { LoadedDirectoryConfig } from "../config/index.js";
import { loadMapping } from "../mapping/index.js";
import { MANAGEABLE_FIELDS } from "../model/contact.js";
import { UsageError } from "../model/errors.js";
import { canonicalGuid } from "../model/guid.js";
import type { PreviewReport } from "../report/index.js";
import { userName, type SourceUser } from "../source/types.js";
import { ignoreEvents, type EventSink } from "./events.js";
import { createSource } from "./source-factory.js";

/** The attributes a user can be named by, besides objectGUID. */
const NAME_ATTRIBUTES = ["sAMAccountName", "userPrincipalName", "mail"] as const;

export interface PreviewOptions {
  onEvent?: EventSink;
}

/** Users whose sAMAccountName, userPrincipalName, mail or objectGUID is `query` (case-insensitively). */
export function findUsers(users: readonly SourceUser[], query: string): SourceUser[] {
  const wanted = query.trim().toLowerCase();
  const guid = canonicalGuid(query);
  return users.filter(
    (u) =>
      (guid !== null && u.guid === guid) ||
      NAME_ATTRIBUTES.some((a) =>
        (u.attributes[a.toLowerCase()] ?? []).some((v) => v.trim().toLowerCase() === wanted),
      ),
  );
}

/**
 * One user through the mapping, with nothing written and MBN never called: the config's directory
 * part is all it needs (loadDirectoryConfig). The whole scope is read (as a sync reads it)
 * and filtered here, so the user is found only if a sync would see it. Not found, or more than one
 * match, is a usage error (64) naming what was looked at.
 */
export async function previewUser(
  loaded: LoadedDirectoryConfig,
  query: string,
  options: PreviewOptions = {},
): Promise<PreviewReport> {
  const onEvent = options.onEvent ?? ignoreEvents;
  const { config } = loaded;
  onEvent({ type: "stage", stage: "mapping", message: `Loading mapping ${config.mapping}` });
  const mapping = await loadMapping(config.mapping);
  const source = await createSource(config.source, onEvent);
  onEvent({ type: "stage", stage: "source", message: `Reading users from ${source.description}` });
  const read = await source.read({ attributes: [...mapping.attributes, ...NAME_ATTRIBUTES] });

  const found = findUsers(read.users, query);
  const [user] = found;
  if (!user) {
    const disabled = read.excluded.disabled
      ? `; ${read.excluded.disabled} disabled account${read.excluded.disabled === 1 ? " was" : "s were"} left out (source.disabledAccounts: exclude)`
      : "";
    throw new UsageError(
      `no user matches "${query}" in ${source.description} (looked at sAMAccountName, userPrincipalName, ` +
        `mail and objectGUID of the ${read.users.length} users in scope${disabled})`,
    );
  }
  if (found.length > 1) {
    const list = found.map((u) => `  - ${u.dn} (${userName(u)}${u.guid ? `, ${u.guid}` : ""})`).join("\n");
    throw new UsageError(
      `"${query}" matches ${found.length} users in ${source.description}; name one by sAMAccountName or objectGUID:\n${list}`,
    );
  }

  const result = mapping.mapUser(user, config.sync.externalIdPrefix);
  const attributes: Record<string, string[]> = {};
  const shown: Record<string, string[]> = {
    ...user.attributes,
    ...(user.guid !== null ? { objectguid: [user.guid] } : {}),
  };
  for (const name of Object.keys(shown).sort()) attributes[name] = shown[name] ?? [];
  const managedFields = MANAGEABLE_FIELDS.filter((f) => mapping.managedFields.includes(f));
  let contact: PreviewReport["contact"] = null;
  if ("contact" in result) {
    contact = { externalId: result.contact.externalId };
    for (const field of managedFields)
      Object.assign(contact, { [field]: result.contact.fields[field] ?? null });
  }
  return {
    version: 1,
    source: source.description,
    user: { dn: user.dn, guid: user.guid, attributes },
    contact,
    managedFields,
    skipped: "skip" in result ? result.skip : null,
    warnings: result.warnings,
  };
}
