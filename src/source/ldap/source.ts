import type { Filter } from "ldapts";
import { UnavailableError } from "../../model/errors.js";
import { SyncError } from "../../model/exit-code.js";
import type { DirectorySource, SourceReadRequest, SourceReadResult, SourceUser } from "../types.js";
import {
  checkConnectionSettings,
  connectAndBind,
  defaultClientFactory,
  type ClientFactory,
  type LdapClient,
} from "./connect.js";
import { toSourceUser } from "./entry.js";
import { describeFailure } from "./failure.js";
import { buildSearchFilter } from "./filter.js";
import { watchPagingCookies, type PagingWatch } from "./paging-watch.js";
import { BINARY_ATTRIBUTES, MAX_PAGE_SIZE, REQUIRED_ATTRIBUTES, type LdapSourceOptions } from "./options.js";

/** Seams for tests: the ldapts Client factory. Product code uses the defaults. */
export interface LdapSourceInternals {
  createClient: ClientFactory;
}

/** The attributes to ask for: the mapping's plus the ones the source needs, each once (case-insensitively). */
export function attributesToRequest(requested: readonly string[]): string[] {
  const seen = new Map<string, string>();
  // Binary attributes in the server's exact spelling: explicitBufferAttributes matches case-sensitively.
  for (const name of [...REQUIRED_ATTRIBUTES, ...requested]) {
    const key = name.toLowerCase();
    const binary = BINARY_ATTRIBUTES.find((b) => b.toLowerCase() === key);
    if (!seen.has(key)) seen.set(key, binary ?? name);
  }
  return [...seen.values()];
}

class DeadlineExceeded extends Error {}

export function createLdapSource(
  options: LdapSourceOptions,
  internals?: Partial<LdapSourceInternals>,
): DirectorySource {
  // Configuration problems surface when the source is made, before any network traffic.
  checkConnectionSettings(options);
  const filter = buildSearchFilter(options);
  const createClient = internals?.createClient ?? defaultClientFactory;
  const emit = options.onEvent ?? (() => undefined);
  const pageSize = Math.max(1, Math.min(Math.floor(options.pageSize), MAX_PAGE_SIZE));

  return {
    description: `LDAP ${options.urls.join(", ")}`,
    async read(request: SourceReadRequest): Promise<SourceReadResult> {
      if (options.tls.insecureSkipVerify === true) {
        emit({
          type: "warning",
          message:
            "source.tls.insecureSkipVerify is set: the DC's certificate is not checked, so the bind password can be intercepted",
        });
      }
      const attributes = attributesToRequest(request.attributes);
      let client: LdapClient | undefined;
      let url = options.urls[0] ?? "";
      let step = "connecting";
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(new DeadlineExceeded());
        }, options.timeouts.totalMs);
      });
      const run = { abandoned: false };
      const work = (async () => {
        const connected = await connectAndBind(options, createClient);
        if (run.abandoned) {
          // The deadline passed while binding: nobody will unbind this connection but us.
          await connected.client.unbind().catch(() => undefined);
          throw new DeadlineExceeded();
        }
        client = connected.client;
        url = connected.url;
        emit({ type: "debug", message: `LDAP: bound to ${url} as ${options.bindDn}` });
        return readAllBases(connected.client, filter, attributes, pageSize, options, emit, (s) => {
          step = s;
        });
      })();
      try {
        const users = await Promise.race([work, deadline]);
        return { users, complete: true, excluded: { disabled: null } };
      } catch (error) {
        // Already worded for the operator (a refused bind, an unreadable CA file).
        if (error instanceof SyncError) throw error;
        if (error instanceof DeadlineExceeded) {
          run.abandoned = true;
          work.catch(() => undefined); // its failure after the unbind below is expected
          throw new UnavailableError(
            `LDAP ${url} (bind as ${options.bindDn}): the read did not finish within ${options.timeouts.totalMs} ms (while ${step}); nothing was used from it. Raise the total timeout or narrow source.baseDns / source.filter`,
          );
        }
        throw new UnavailableError(
          `LDAP ${url} (bind as ${options.bindDn}): ${step} failed, so the read is incomplete and nothing was used from it: ${describeFailure(error).text}`,
          { cause: error },
        );
      } finally {
        clearTimeout(timer);
        await client?.unbind().catch(() => undefined);
      }
    },
  };
}

interface ReadContext {
  client: LdapClient;
  filter: Filter;
  attributes: string[];
  pageSize: number;
  options: LdapSourceOptions;
  emit: NonNullable<LdapSourceOptions["onEvent"]>;
  setStep: (step: string) => void;
  watch: PagingWatch | undefined;
  /** Overlapping bases reach the same person twice: the first read is kept. */
  byGuid: Map<string, SourceUser>;
  byDn: Map<string, SourceUser>;
}

async function readAllBases(
  client: LdapClient,
  filter: Filter,
  attributes: string[],
  pageSize: number,
  options: LdapSourceOptions,
  emit: NonNullable<LdapSourceOptions["onEvent"]>,
  setStep: (step: string) => void,
): Promise<SourceUser[]> {
  const watch = watchPagingCookies(client);
  if (!watch) {
    emit({
      type: "debug",
      message: "LDAP: this client does not show paging cookies; a page stopped early would go unnoticed",
    });
  }
  const context: ReadContext = {
    client,
    filter,
    attributes,
    pageSize,
    options,
    emit,
    setStep,
    watch,
    byGuid: new Map(),
    byDn: new Map(),
  };
  try {
    for (const baseDn of options.baseDns) await readBase(context, baseDn);
  } finally {
    watch?.stop();
  }
  return [...context.byGuid.values(), ...context.byDn.values()];
}

async function readBase(context: ReadContext, baseDn: string): Promise<void> {
  const { byGuid, byDn, emit, setStep } = context;
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
  let pending = iterator.next();
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
    pending = iterator.next();
    // Awaited on the next turn of the loop; until then its failure must not count as unhandled.
    pending.catch(() => undefined);
    for (const entry of result.searchEntries) {
      const user = toSourceUser(entry);
      if (user.guid !== null) {
        if (!byGuid.has(user.guid)) byGuid.set(user.guid, user);
      } else if (!byDn.has(user.dn.toLowerCase())) {
        byDn.set(user.dn.toLowerCase(), user);
      }
    }
  }
  // See paging-watch.ts: ldapts ends the iteration at an empty page even when the server said more follow.
  if (context.watch !== undefined && context.watch.lastCookieLength() > 0) {
    setStep(`reading past page ${page} of ${baseDn}`);
    throw new Error(
      `the DC answered page ${page} with no entries but a cookie saying more follow, and the LDAP library (ldapts 8.2) stops paging there; run again, and if it persists narrow source.baseDns / source.filter`,
    );
  }
}
