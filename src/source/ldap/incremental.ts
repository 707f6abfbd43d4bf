/**
 * An incremental read (source.incremental): the DC's position first, then a delta from the last run's
 * watermark when it still applies, else a full read of the scope with the scope groups expanded by the tool.
 * Either way the result carries what the next run needs (the watermark, the users in scope, the groups).
 */
import { AndFilter, EqualityFilter, OrFilter, type Filter } from "ldapts";
import type { IncrementalRequest, SourceReadResult, SourceUser } from "../types.js";
import type { LdapClient } from "./connect.js";
import { fullReadReason, scopeFingerprint } from "./delta-decision.js";
import { readDelta } from "./delta.js";
import { buildSearchFilter } from "./filter.js";
import { expandGroups, resolveRoots, type GroupClosure } from "./groups.js";
import type { LdapSourceOptions } from "./options.js";
import { readDcPosition, type DcPosition } from "./rootdse.js";
import { readAllBases } from "./search.js";

export interface IncrementalContext {
  client: LdapClient;
  url: string;
  options: LdapSourceOptions;
  /** What the mapping and the source need (attributesToRequest). */
  attributes: string[];
  pageSize: number;
  emit: NonNullable<LdapSourceOptions["onEvent"]>;
  setStep: (step: string) => void;
}

/** memberOf is read to judge group scope; it is kept only when the mapping asked for it. */
function keeper(attributes: readonly string[]): (user: SourceUser) => SourceUser {
  if (attributes.some((a) => a.toLowerCase() === "memberof")) return (u) => u;
  return (user) => {
    const { memberof: _dropped, ...rest } = user.attributes;
    return { ...user, attributes: rest };
  };
}

export async function readIncremental(
  ctx: IncrementalContext,
  request: IncrementalRequest,
): Promise<SourceReadResult> {
  const { options } = ctx;
  const debug = (message: string): void => {
    ctx.emit({ type: "debug", message });
  };
  ctx.setStep("reading the rootDSE");
  const position = await readDcPosition(ctx.client, request.full ? undefined : request.previous?.dc.service);
  const fingerprint = scopeFingerprint(options, ctx.attributes);
  const timeLimit = Math.max(1, Math.ceil(options.timeouts.operationMs / 1000));
  const scopeFilter = buildSearchFilter({ ...options, memberOf: [] });
  const groupsConfigured = options.memberOf.length > 0;
  const dc = `${position.service} (${ctx.url})`;
  let reason = fullReadReason(request, position, fingerprint);
  if (reason === null && request.previous !== null) {
    ctx.setStep(`reading changes since USN ${request.previous.usn}`);
    const delta = await readDelta({
      client: ctx.client,
      position,
      previous: request.previous,
      scopeFilter,
      attributes: [...ctx.attributes, "memberOf"],
      keep: keeper(ctx.attributes),
      baseDns: options.baseDns,
      groupsConfigured,
      pageSize: ctx.pageSize,
      timeLimit,
      debug,
    });
    if (!("fullReason" in delta)) {
      return result(delta.users, {
        watermark: {
          ...request.previous,
          dc: dcOf(position, ctx.url),
          usn: position.highestCommittedUsn,
          users: delta.users,
          groups: delta.groups,
        },
        info: {
          mode: "delta",
          entriesRead: delta.entriesRead,
          dc,
          usn: { from: request.previous.usn, to: position.highestCommittedUsn },
        },
      });
    }
    reason = delta.fullReason;
  }
  debug(`LDAP: full read (${reason ?? "no watermark"})`);
  let groups: GroupClosure | null = null;
  if (groupsConfigured) {
    ctx.setStep("expanding the scope groups");
    const roots = await resolveRoots(ctx.client, options.memberOf, timeLimit);
    groups = await expandGroups(ctx.client, roots, { namingContext: position.namingContext, timeLimit });
    debug(
      `LDAP: ${groups.entries.length} scope group(s) with ${groups.entries.reduce((n, g) => n + g.members.length, 0)} member value(s)`,
    );
  }
  const users =
    groups !== null && groups.entries.length === 0
      ? []
      : await readAllBases(
          ctx.client,
          fullFilter(scopeFilter, groups),
          ctx.attributes,
          ctx.pageSize,
          options,
          ctx.emit,
          ctx.setStep,
        );
  return result(users, {
    watermark: {
      dc: dcOf(position, ctx.url),
      usn: position.highestCommittedUsn,
      fingerprint,
      lastFullReadAt: request.now.toISOString(),
      users,
      groups,
    },
    info: {
      mode: "full",
      reason: reason ?? "no watermark",
      entriesRead: users.length,
      dc,
      usn: { from: null, to: position.highestCommittedUsn },
    },
  });
}

/** The scope as one filter: direct membership of any group of the closure replaces the transitive rule. */
function fullFilter(scopeFilter: Filter, groups: GroupClosure | null): Filter {
  if (groups === null) return scopeFilter;
  const member = new OrFilter({
    filters: groups.entries.map((g) => new EqualityFilter({ attribute: "memberOf", value: g.dn })),
  });
  return new AndFilter({ filters: [scopeFilter, member] });
}

function dcOf(position: DcPosition, url: string): { service: string; invocationId: string; url: string } {
  return { service: position.service, invocationId: position.invocationId, url };
}

function result(
  users: SourceUser[],
  incremental: NonNullable<SourceReadResult["incremental"]>,
): SourceReadResult {
  return { users, excluded: { disabled: null }, incremental };
}
