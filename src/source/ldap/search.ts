/** The search itself: every base DN page by page, each entry converted as its page arrives. */
import type { Filter } from "ldapts";
import type { SourceUser } from "../types.js";
import type { LdapClient } from "./connect.js";
import { toSourceUser } from "./entry.js";
import { LdapFailure } from "./failure.js";
import { watchPagingCookies, type PagingWatch } from "./paging-watch.js";
import { BINARY_ATTRIBUTES, type LdapSourceOptions } from "./options.js";

interface ReadContext {
  client: LdapClient;
  filter: Filter;
  attributes: string[];
  pageSize: number;
  options: LdapSourceOptions;
  emit: NonNullable<LdapSourceOptions["onEvent"]>;
  setStep: (step: string) => void;
  watch: PagingWatch | undefined;
  /** Overlapping bases reach the same person twice: the first read is kept, and only its GUID remembered. */
  guids: Set<string>;
  /** A user with a GUID goes here as its page arrives (collected, or handed to the caller's onUser). */
  deliver: (user: SourceUser) => void;
  /**
   * Users without a GUID, by lower-cased DN: they come after every user with one (as they always have),
   * so they are held to the end of the read. AD gives every object a GUID: this is empty there.
   */
  byDn: Map<string, SourceUser>;
}

/**
 * Reads every user under the base DNs. With `onUser`, each is handed over as its page arrives and the
 * result is empty, so that the caller need not hold every user at once; without it, they are returned.
 */
export async function readAllBases(
  client: LdapClient,
  filter: Filter,
  attributes: string[],
  pageSize: number,
  options: LdapSourceOptions,
  emit: NonNullable<LdapSourceOptions["onEvent"]>,
  setStep: (step: string) => void,
  onUser?: (user: SourceUser) => void,
): Promise<SourceUser[]> {
  const watch = watchPagingCookies(client);
  if (!watch) {
    emit({
      type: "debug",
      message: "LDAP: this client does not show paging cookies; a page stopped early would go unnoticed",
    });
  }
  const collected: SourceUser[] = [];
  const context: ReadContext = {
    client,
    filter,
    attributes,
    pageSize,
    options,
    emit,
    setStep,
    watch,
    guids: new Set(),
    deliver:
      onUser ??
      ((user) => {
        collected.push(user);
      }),
    byDn: new Map(),
  };
  try {
    for (const baseDn of options.baseDns) await readBase(context, baseDn);
  } finally {
    watch?.stop();
  }
  for (const user of context.byDn.values()) context.deliver(user);
  return collected;
}

async function readBase(context: ReadContext, baseDn: string): Promise<void> {
  const { guids, byDn, emit, setStep } = context;
  let page = 0;
  setStep(`reading page 1 of ${baseDn}`);
  const pages = context.client.searchPaginated(baseDn, {
    scope: "sub",
    filter: context.filter,
    attributes: context.attributes,
    explicitBufferAttributes: [...BINARY_ATTRIBUTES],
    paged: { pageSize: context.pageSize },
    timeLimit: Math.max(1, Math.ceil(context.options.timeouts.operationMs / 1000)),
  });
  // Not `for await`: that asks for the next page only after this one is normalised. Asking first
  // lets the DC build page n+1 while page n is turned into SourceUsers here. The page's events still
  // come before the next request, so a listener sees page n before page n+1 is asked for.
  const iterator = pages[Symbol.asyncIterator]();
  // Only what the LDAP client raises is an LDAP failure; an error converting an entry is a bug.
  const nextPage = () =>
    iterator.next().catch((error: unknown) => {
      throw new LdapFailure(error);
    });
  let pending = nextPage();
  for (;;) {
    const next = await pending;
    if (next.done === true) break;
    const result = next.value;
    page += 1;
    if (result.searchReferences.length > 0) {
      emit({
        type: "debug",
        message: `LDAP: ignored ${result.searchReferences.length} search reference(s) under ${baseDn}: ${result.searchReferences.join(", ")}`,
      });
    }
    emit({
      type: "debug",
      message: `LDAP: ${baseDn} page ${page}: ${result.searchEntries.length} entries`,
    });
    setStep(`reading page ${page + 1} of ${baseDn}`);
    pending = nextPage();
    // Awaited on the next turn of the loop; until then its failure must not count as unhandled.
    pending.catch(() => undefined);
    for (const entry of result.searchEntries) {
      const user = toSourceUser(entry);
      if (user.guid !== null) {
        if (!guids.has(user.guid)) {
          guids.add(user.guid);
          context.deliver(user);
        }
      } else if (!byDn.has(user.dn.toLowerCase())) {
        byDn.set(user.dn.toLowerCase(), user);
      }
    }
    const users = guids.size + byDn.size;
    emit({ type: "progress", message: `LDAP: ${users} users read`, users, page, baseDn });
  }
  // See paging-watch.ts: ldapts ends the iteration at an empty page even when the server said more follow.
  if (context.watch !== undefined && context.watch.lastCookieLength() > 0) {
    setStep(`reading past page ${page} of ${baseDn}`);
    throw new LdapFailure(
      `the DC answered page ${page} with no entries but a cookie saying more follow, and the LDAP library (ldapts 8.2) stops paging there; run again, and if it persists narrow source.baseDns / source.filter`,
    );
  }
}
