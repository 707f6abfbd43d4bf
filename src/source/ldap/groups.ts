/**
 * The scope groups (source.memberOf) and every group nested in them, expanded by the tool rather than by the
 * DC's transitive matching rule (memberOf:1.2.840.113556.1.4.1941:=), which the DC evaluates for every entry
 * of the base and which costs a full read most of its time. Each group's `member` is read in ranges: Windows
 * AD returns at most 1,500 values of an attribute per read (`member;range=0-1499`), Samba returns them all.
 * The groups are cached in the state with their uSNChanged, so that a delta run reads only the groups that
 * changed. Groups are named by objectGUID (`<GUID=…>` bases): a renamed or moved group stays the same group.
 */
import { AndFilter, EqualityFilter, NoSuchObjectError, type Entry } from "ldapts";
import { ConfigError } from "../../model/errors.js";
import type { CachedGroup } from "../types.js";
import type { LdapClient } from "./connect.js";
import { toSourceUser, valuesOf } from "./entry.js";
import { searchAll } from "./rootdse.js";

export interface GroupClosure {
  roots: string[];
  entries: CachedGroup[];
}

const RANGE = /^member;range=(\d+)-(\d+|\*)$/i;

/** Which members the entry holds, and where the next range starts (null when the last range was read). */
function membersOf(entry: Entry): { values: string[]; next: number | null } {
  for (const name of Object.keys(entry)) {
    if (name.toLowerCase() === "member") return { values: valuesOf(entry[name]), next: null };
    const range = RANGE.exec(name);
    if (range) {
      const end = range[2] === "*" ? null : Number(range[2]) + 1;
      return { values: valuesOf(entry[name]), next: end };
    }
  }
  return { values: [], next: null };
}

/** One group by its DN or `<GUID=…>` base: its identity, uSNChanged and every member, range after range. */
export async function readGroup(
  client: LdapClient,
  base: string,
  timeLimit: number,
): Promise<Omit<CachedGroup, "children"> | null> {
  let start = 0;
  let head: Omit<CachedGroup, "children"> | null = null;
  for (;;) {
    const attributes = [`member;range=${start}-*`, ...(start === 0 ? ["objectGUID", "uSNChanged"] : [])];
    const [entry] = await searchAll(client, base, {
      scope: "base",
      filter: "(objectClass=group)",
      attributes,
      explicitBufferAttributes: ["objectGUID"],
      timeLimit,
    }).catch((error: unknown) => {
      // A group deleted since the last run is no error: it simply holds nobody any more.
      if (error instanceof Error && error.cause instanceof NoSuchObjectError) return [];
      throw error;
    });
    if (entry === undefined) return head;
    const { values, next } = membersOf(entry);
    if (head === null) {
      const user = toSourceUser(entry);
      if (user.guid === null) return null;
      head = {
        guid: user.guid,
        dn: entry.dn,
        usn: Number(valuesOf(entry["uSNChanged"])[0] ?? 0),
        members: [],
      };
    }
    head.members.push(...values);
    if (next === null || values.length === 0) return head;
    start = next;
  }
}

/** GUIDs of the groups that are direct members of `dn` (memberOf is the back-link of member). */
async function childGroups(
  client: LdapClient,
  namingContext: string,
  dn: string,
  timeLimit: number,
): Promise<string[]> {
  const entries = await searchAll(client, namingContext, {
    scope: "sub",
    filter: new AndFilter({
      filters: [
        new EqualityFilter({ attribute: "objectClass", value: "group" }),
        new EqualityFilter({ attribute: "memberOf", value: dn }),
      ],
    }),
    attributes: ["objectGUID"],
    explicitBufferAttributes: ["objectGUID"],
    paged: { pageSize: 1000 },
    timeLimit,
  });
  return entries.flatMap((e) => {
    const guid = toSourceUser(e).guid;
    return guid === null ? [] : [guid];
  });
}

export interface ExpandOptions {
  namingContext: string;
  timeLimit: number;
  /** The cache of the last run; groups in it and not in `changed` are not read again. */
  previous?: GroupClosure | null;
  changed?: ReadonlySet<string>;
}

/** Resolves the configured group DNs to GUIDs; a DN that names no group is a configuration error. */
export async function resolveRoots(
  client: LdapClient,
  dns: readonly string[],
  timeLimit: number,
): Promise<string[]> {
  const roots: string[] = [];
  for (const dn of dns) {
    const group = await readGroupHead(client, dn, timeLimit);
    if (group === null) {
      throw new ConfigError(undefined, [
        {
          key: "source.memberOf",
          message: `"${dn}" names no group this account can read; check the DN (e.g. with dsquery group)`,
        },
      ]);
    }
    roots.push(group);
  }
  return roots;
}

async function readGroupHead(client: LdapClient, dn: string, timeLimit: number): Promise<string | null> {
  const entries = await searchAll(client, dn, {
    scope: "base",
    filter: "(objectClass=group)",
    attributes: ["objectGUID"],
    explicitBufferAttributes: ["objectGUID"],
    timeLimit,
  }).catch(() => []);
  const entry = entries[0];
  return entry === undefined ? null : toSourceUser(entry).guid;
}

/** The closure of the root groups: each group read (or taken from the cache when unchanged), nested ones too. */
export async function expandGroups(
  client: LdapClient,
  roots: string[],
  options: ExpandOptions,
): Promise<GroupClosure> {
  const cached = new Map((options.previous?.entries ?? []).map((g) => [g.guid, g]));
  const entries = new Map<string, CachedGroup>();
  const queue = [...roots];
  while (queue.length > 0) {
    const guid = queue.shift();
    if (guid === undefined || entries.has(guid)) continue;
    const old = cached.get(guid);
    let group: CachedGroup | undefined = old;
    if (old === undefined || options.changed?.has(guid) !== false) {
      const read = await readGroup(client, `<GUID=${guid}>`, options.timeLimit);
      if (read === null) continue; // deleted: nobody is in scope through it
      group = {
        ...read,
        children: await childGroups(client, options.namingContext, read.dn, options.timeLimit),
      };
    }
    if (group === undefined) continue;
    entries.set(guid, group);
    queue.push(...group.children);
  }
  return { roots, entries: [...entries.values()] };
}
