import { UnavailableError } from "../../model/errors.js";
import type { SourceReadRequest, SourceReadResult } from "../types.js";
import type { IncrementalProbe, LdapDirectorySource } from "./ldap-directory-source.js";
import {
  checkConnectionSettings,
  connectAndBind,
  defaultClientFactory,
  type ClientFactory,
  type LdapClient,
} from "./connect.js";
import { describeFailure, LdapFailure } from "./failure.js";
import { buildSearchFilter } from "./filter.js";
import { BINARY_ATTRIBUTES, MAX_PAGE_SIZE, REQUIRED_ATTRIBUTES, type LdapSourceOptions } from "./options.js";
import { readIncremental } from "./incremental.js";
import { readDcPosition } from "./rootdse.js";
import { readAllBases } from "./search.js";
import { deletedObjectsDn, tombstonesVisible } from "./tombstones.js";

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

/** Where a read got to, for its error message. */
interface Progress {
  url: string;
  step: string;
}

export function createLdapSource(
  options: LdapSourceOptions,
  internals?: Partial<LdapSourceInternals>,
): LdapDirectorySource {
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
      const progress: Progress = { url: options.urls[0] ?? "", step: "connecting" };
      const run = { abandoned: false };
      let client: LdapClient | undefined;
      const work = (async () => {
        const connected = await connectAndBind(options, createClient);
        if (run.abandoned) {
          // The deadline passed while binding: nobody will unbind this connection but us.
          await connected.client.unbind().catch(() => undefined);
          throw new DeadlineExceeded();
        }
        client = connected.client;
        progress.url = connected.url;
        emit({ type: "debug", message: `LDAP: bound to ${connected.url} as ${options.bindDn}` });
        const setStep = (s: string): void => {
          progress.step = s;
        };
        if (request.incremental !== undefined) {
          const context = {
            client: connected.client,
            url: connected.url,
            options,
            attributes,
            pageSize,
            emit,
            setStep,
          };
          return readIncremental(context, request.incremental);
        }
        const users = await readAllBases(
          connected.client,
          filter,
          attributes,
          pageSize,
          options,
          emit,
          setStep,
          request.onUser,
        );
        return { users, excluded: { disabled: null } };
      })();
      try {
        return await withDeadline(work, options.timeouts.totalMs);
      } catch (error) {
        if (error instanceof DeadlineExceeded) {
          run.abandoned = true;
          work.catch(() => undefined); // its failure after the unbind below is expected
        }
        throw readError(error, progress, options);
      } finally {
        await client?.unbind().catch(() => undefined);
      }
    },
    async probeIncremental(): Promise<IncrementalProbe> {
      const progress: Progress = { url: options.urls[0] ?? "", step: "connecting" };
      let client: LdapClient | undefined;
      try {
        const connected = await connectAndBind(options, createClient);
        client = connected.client;
        progress.url = connected.url;
        progress.step = "reading the rootDSE";
        const position = await readDcPosition(client);
        progress.step = "looking for tombstones under CN=Deleted Objects";
        return {
          dc: position.service,
          usn: position.highestCommittedUsn,
          deletedObjects: deletedObjectsDn(position.namingContext),
          tombstonesVisible: await tombstonesVisible(client, position.namingContext),
        };
      } catch (error) {
        throw readError(error, progress, options);
      } finally {
        await client?.unbind().catch(() => undefined);
      }
    },
  };
}

/** `work`, or DeadlineExceeded once `ms` have passed. */
async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new DeadlineExceeded());
    }, ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What a failed read throws: the tool's own errors as they are (already worded for the operator: a
 * refused bind, an unreadable CA file), an LDAP failure or the deadline as UnavailableError (69), and
 * anything else, a bug, unchanged, so that it ends the run as an internal error (1).
 */
function readError(error: unknown, progress: Progress, options: LdapSourceOptions): unknown {
  const where = `LDAP ${progress.url} (bind as ${options.bindDn})`;
  if (error instanceof DeadlineExceeded) {
    return new UnavailableError(
      `${where}: the read did not finish within ${options.timeouts.totalMs} ms (while ${progress.step}); nothing was used from it. Raise the total timeout or narrow source.baseDns / source.filter`,
    );
  }
  if (error instanceof LdapFailure) {
    return new UnavailableError(
      `${where}: ${progress.step} failed, so the read is incomplete and nothing was used from it: ${describeFailure(error.cause).text}`,
      { cause: error.cause },
    );
  }
  return error;
}
