/**
 * Whether the bind account sees deleted users (tombstones) under CN=Deleted Objects. By default only
 * administrators do; a read-only account then never learns of a deletion from a delta, and the periodic
 * full read (source.fullReadAfterHours) removes deleted users instead. `check` says which applies.
 */
import { AndFilter, Control, EqualityFilter, type Entry, type Filter } from "ldapts";
import type { LdapClient } from "./connect.js";
import { LdapFailure } from "./failure.js";
import { searchAll } from "./rootdse.js";

/** LDAP_SERVER_SHOW_DELETED_OID: tombstones, where the account may list CN=Deleted Objects. */
export const SHOW_DELETED = "1.2.840.113556.1.4.417";
/** The Deleted Objects container's well-known GUID, the same in every domain (GUID_DELETED_OBJECTS_CONTAINER_W). */
const DELETED_OBJECTS_WKGUID = "18E2EA80684F11D2B9AA00C04F79F805";

export function deletedObjectsDn(namingContext: string): string {
  return `CN=Deleted Objects,${namingContext}`;
}

/** The Deleted Objects container by its well-known GUID: where a deleted user's tombstone goes, whatever its name. */
export function deletedObjectsBase(namingContext: string): string {
  return `<WKGUID=${DELETED_OBJECTS_WKGUID},${namingContext}>`;
}

/**
 * True when at least one tombstone under Deleted Objects is visible to the account. False says either that
 * the account may not list it (the default) or that nothing was deleted within the tombstone lifetime: a
 * domain in use always holds some, so false means "not visible" in practice.
 */
export async function tombstonesVisible(client: LdapClient, namingContext: string): Promise<boolean> {
  const pages = client.searchPaginated(
    deletedObjectsBase(namingContext),
    {
      scope: "one",
      filter: "(isDeleted=TRUE)",
      attributes: ["objectGUID"],
      explicitBufferAttributes: ["objectGUID"],
      paged: { pageSize: 1 },
    },
    [new Control(SHOW_DELETED, { critical: false })],
  );
  try {
    // One page of one entry answers the question; the rest is not read.
    for await (const page of pages) return page.searchEntries.length > 0;
    return false;
  } catch (error) {
    // No such object or no access: the container is hidden from this account, as it is by default.
    if (error instanceof Error && "code" in error && typeof error.code === "number") return false;
    throw new LdapFailure(error);
  }
}

/**
 * Tombstones changed since a watermark (`since`), which remove their users at once. Only the Deleted Objects
 * container, one level: a deleted user's tombstone is moved there, and the DC answers from that container
 * rather than weighing every object of the domain. Throws (LdapFailure) where the account may not list it.
 */
export async function readTombstones(
  client: LdapClient,
  namingContext: string,
  since: Filter,
  limits: { pageSize: number; timeLimit: number },
): Promise<Entry[]> {
  return searchAll(
    client,
    deletedObjectsBase(namingContext),
    {
      scope: "one",
      filter: new AndFilter({
        filters: [new EqualityFilter({ attribute: "isDeleted", value: "TRUE" }), since],
      }),
      attributes: ["objectGUID"],
      explicitBufferAttributes: ["objectGUID"],
      paged: { pageSize: limits.pageSize },
      timeLimit: limits.timeLimit,
    },
    [new Control(SHOW_DELETED, { critical: false })],
  );
}
