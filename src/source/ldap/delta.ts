/**
 * A delta read: what changed on the DC since the watermark's USN, judged against the scope again, applied to
 * the users the last run kept. See docs/ARCHITECTURE.md, "Delta reads on the AD side".
 */
import {
  AndFilter,
  EqualityFilter,
  GreaterThanEqualsFilter,
  OrFilter,
  type Entry,
  type Filter,
} from "ldapts";
import type { DirectoryWatermark, SourceUser } from "../types.js";
import type { LdapClient } from "./connect.js";
import { toSourceUser } from "./entry.js";
import { expandGroups, type GroupClosure } from "./groups.js";
import { searchAll, type DcPosition } from "./rootdse.js";
import { readTombstones } from "./tombstones.js";

/** Above this many members gained or lost through group changes, one full read is cheaper than base reads. */
export const MAX_GROUP_DRIVEN_READS = 500;

export interface DeltaContext {
  client: LdapClient;
  position: DcPosition;
  previous: DirectoryWatermark;
  /** The admin's filter AND enabled-only: the scope without the groups. */
  scopeFilter: Filter;
  /** The mapping's attributes plus the source's, plus memberOf (to judge group scope). */
  attributes: string[];
  /** Removes what the mapping did not ask for (memberOf) before a user is kept. */
  keep: (user: SourceUser) => SourceUser;
  baseDns: readonly string[];
  groupsConfigured: boolean;
  pageSize: number;
  timeLimit: number;
  debug: (message: string) => void;
}

export type DeltaOutcome =
  { users: SourceUser[]; groups: GroupClosure | null; entriesRead: number } | { fullReason: string };

/** DNs compared as the DC writes them, less case and spaces around separators. */
export function normaliseDn(dn: string): string {
  return dn.toLowerCase().replace(/\s*([,=])\s*/g, "$1");
}

export function underBase(dn: string, baseDns: readonly string[]): boolean {
  const n = normaliseDn(dn);
  return baseDns.some((b) => {
    const base = normaliseDn(b);
    return n === base || n.endsWith(`,${base}`);
  });
}

function guidsOf(entries: Entry[]): Set<string> {
  return new Set(entries.flatMap((e) => toSourceUser(e).guid ?? []));
}

function memberDns(closure: GroupClosure | null): Set<string> {
  return new Set((closure?.entries ?? []).flatMap((g) => g.members.map(normaliseDn)));
}

export async function readDelta(ctx: DeltaContext): Promise<DeltaOutcome> {
  const { client, previous } = ctx;
  const nc = ctx.position.namingContext;
  const kept = new Map(previous.users.flatMap((u) => (u.guid === null ? [] : [[u.guid, u] as const])));
  // Every write on the DC, its own or replicated in, takes a USN: when the highest is still the watermark's,
  // no user, group or tombstone can have changed since, and there is nothing to search for.
  if (ctx.position.highestCommittedUsn === previous.usn) {
    ctx.debug(`LDAP delta: the DC's highestCommittedUSN is still ${previous.usn}; nothing changed`);
    return { users: [...kept.values()], groups: previous.groups, entriesRead: 0 };
  }
  const since = new GreaterThanEqualsFilter({ attribute: "uSNChanged", value: String(previous.usn + 1) });
  const common = {
    scope: "sub" as const,
    paged: { pageSize: ctx.pageSize },
    timeLimit: ctx.timeLimit,
    explicitBufferAttributes: ["objectGUID"],
  };

  // Sent at once on the one connection: groups (a member added to one changes the group's uSNChanged, not the
  // user's), changed users in the whole domain (a move out of the base DNs is a change too), tombstones.
  const groupsCached = ctx.groupsConfigured && previous.groups !== null;
  const [changedGroups, changedEntries, deleted] = await Promise.all([
    groupsCached
      ? searchAll(client, nc, {
          ...common,
          filter: new AndFilter({
            filters: [new EqualityFilter({ attribute: "objectClass", value: "group" }), since],
          }),
          attributes: ["objectGUID"],
        })
      : Promise.resolve([]),
    searchAll(client, nc, {
      ...common,
      filter: new AndFilter({ filters: [personOrScope(ctx.scopeFilter), since] }),
      attributes: ctx.attributes,
    }),
    readTombstones(client, nc, since, ctx).catch((error: unknown) => {
      ctx.debug(
        `LDAP delta: tombstones not readable (${String(error)}); the periodic full read removes deleted users`,
      );
      return [];
    }),
  ]);
  let groups = previous.groups;
  let groupsChanged = false;
  if (groupsCached && previous.groups !== null) {
    const changed = guidsOf(changedGroups);
    const touched = new Set(previous.groups.entries.map((g) => g.guid).filter((g) => changed.has(g)));
    if (touched.size > 0) {
      groups = await expandGroups(client, previous.groups.roots, {
        namingContext: nc,
        timeLimit: ctx.timeLimit,
        previous: previous.groups,
        changed: touched,
      });
      groupsChanged = true;
      ctx.debug(
        `LDAP delta: ${touched.size} scope group(s) changed; closure of ${groups.entries.length} group(s)`,
      );
    }
  }
  const closureDns = new Set((groups?.entries ?? []).map((g) => normaliseDn(g.dn)));
  const inScope = (user: SourceUser, matches: boolean): boolean =>
    matches &&
    underBase(user.dn, ctx.baseDns) &&
    (!ctx.groupsConfigured ||
      (user.attributes["memberof"] ?? []).some((g) => closureDns.has(normaliseDn(g))));

  // The DC judges the admin's filter (objectCategory=person is matched against a DN there, not here); with
  // no changed user there is nothing to judge, and the request is saved.
  const matching =
    changedEntries.length === 0
      ? new Set<string>()
      : guidsOf(
          await searchAll(client, nc, {
            ...common,
            filter: new AndFilter({ filters: [ctx.scopeFilter, since] }),
            attributes: ["objectGUID"],
          }),
        );
  const changedDns = new Set<string>();
  for (const entry of changedEntries) {
    const user = toSourceUser(entry);
    if (user.guid === null) continue;
    changedDns.add(normaliseDn(user.dn));
    kept.delete(user.guid);
    if (inScope(user, matching.has(user.guid))) kept.set(user.guid, ctx.keep(user));
  }
  let entriesRead = changedEntries.length;

  if (groupsChanged) {
    const outcome = await applyGroupChanges(ctx, kept, {
      before: previous.groups,
      after: groups,
      changedDns,
      closureDns,
      inScope,
    });
    if ("fullReason" in outcome) return outcome;
    entriesRead += outcome.read;
  }
  let removed = 0;
  for (const guid of guidsOf(deleted)) if (kept.delete(guid)) removed += 1;
  ctx.debug(`LDAP delta: ${deleted.length} tombstone(s) visible, ${removed} user(s) removed`);
  return { users: [...kept.values()], groups, entriesRead };
}

/** Users who joined or left a scope group without changing themselves: each read by its DN and judged. */
async function applyGroupChanges(
  ctx: DeltaContext,
  kept: Map<string, SourceUser>,
  g: {
    before: GroupClosure | null;
    after: GroupClosure | null;
    changedDns: Set<string>;
    closureDns: Set<string>;
    inScope: (user: SourceUser, matches: boolean) => boolean;
  },
): Promise<{ read: number } | { fullReason: string }> {
  const before = memberDns(g.before);
  const after = memberDns(g.after);
  const candidates = [...before]
    .filter((dn) => !after.has(dn))
    .concat([...after].filter((dn) => !before.has(dn)));
  const toRead = candidates.filter((dn) => !g.changedDns.has(dn) && !g.closureDns.has(dn));
  if (toRead.length > MAX_GROUP_DRIVEN_READS) {
    return {
      fullReason: `${toRead.length} members joined or left scope groups (more than ${MAX_GROUP_DRIVEN_READS})`,
    };
  }
  const byDn = new Map([...kept.values()].map((u) => [normaliseDn(u.dn), u.guid ?? ""]));
  let read = 0;
  for (const dn of toRead) {
    const was = byDn.get(dn);
    if (was !== undefined) kept.delete(was);
    // A base search with the scope filter: no entry when the DN is gone or is not a user in scope.
    const [entry] = await searchAll(ctx.client, dn, {
      scope: "base",
      filter: ctx.scopeFilter,
      attributes: ctx.attributes,
      explicitBufferAttributes: ["objectGUID"],
      timeLimit: ctx.timeLimit,
    }).catch(() => []);
    if (entry === undefined) continue;
    read += 1;
    const user = toSourceUser(entry);
    if (user.guid !== null && g.inScope(user, true)) kept.set(user.guid, ctx.keep(user));
  }
  ctx.debug(`LDAP delta: ${toRead.length} member(s) joined or left scope groups; ${read} read`);
  return { read };
}

/** Users of any kind, or whatever the admin's filter selects: the changed entries worth judging. */
function personOrScope(scopeFilter: Filter): Filter {
  return new OrFilter({
    filters: [
      new AndFilter({
        filters: [
          new EqualityFilter({ attribute: "objectCategory", value: "person" }),
          new EqualityFilter({ attribute: "objectClass", value: "user" }),
        ],
      }),
      scopeFilter,
    ],
  });
}
