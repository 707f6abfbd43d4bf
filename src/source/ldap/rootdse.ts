/**
 * The DC's identity and position: the rootDSE's highestCommittedUSN, dsServiceName and naming context, and the
 * invocationID of its NTDS Settings object. A USN means something only on the DC that gave it, and only while
 * that DC's database is the same one: a restore gives it a new invocationID (Microsoft's polling guidance).
 */
import type { Control, Entry, Filter, SearchOptions } from "ldapts";
import { guidFromBytes } from "../../model/guid.js";
import type { LdapClient } from "./connect.js";
import { valuesOf } from "./entry.js";
import { LdapFailure } from "./failure.js";

export interface DcPosition {
  /** dsServiceName: CN=NTDS Settings,CN=<DC>,CN=Servers,…: names the DC whatever url reached it. */
  service: string;
  invocationId: string;
  highestCommittedUsn: number;
  /** defaultNamingContext: the domain, searched whole by a delta so that moves out of scope are seen. */
  namingContext: string;
}

/** Every entry of a search, across pages; errors of the client become LdapFailure. */
export async function searchAll(
  client: LdapClient,
  base: string,
  options: SearchOptions & { filter: Filter | string },
  controls?: Control[],
): Promise<Entry[]> {
  const entries: Entry[] = [];
  try {
    for await (const page of client.searchPaginated(base, options, controls))
      entries.push(...page.searchEntries);
  } catch (error) {
    throw new LdapFailure(error);
  }
  return entries;
}

function first(entry: Entry | undefined, name: string): string | undefined {
  return entry === undefined ? undefined : valuesOf(entry[name])[0];
}

/** The invocationID of the DC whose NTDS Settings object is `service`; undefined when it is not shown. */
async function readInvocationId(client: LdapClient, service: string): Promise<string | undefined> {
  const [settings] = await searchAll(client, service, {
    scope: "base",
    filter: "(objectClass=*)",
    attributes: ["invocationId"],
    explicitBufferAttributes: ["invocationId"],
  });
  const raw =
    settings === undefined
      ? undefined
      : Object.entries(settings).find(([k]) => k.toLowerCase() === "invocationid")?.[1];
  const bytes = Array.isArray(raw) ? raw[0] : raw;
  if (bytes === undefined || typeof bytes === "string" || bytes.length !== 16) return undefined;
  return guidFromBytes(bytes);
}

/**
 * Reads the rootDSE and the DC's invocationID; throws LdapFailure when the DC does not tell them. With
 * `expectedService` (the DC of the last run), both are asked at once on the one connection, saving a round
 * trip: the guess is used only when the rootDSE names that DC, else the invocationID is read again.
 */
export async function readDcPosition(client: LdapClient, expectedService?: string): Promise<DcPosition> {
  const rootDse = searchAll(client, "", {
    scope: "base",
    filter: "(objectClass=*)",
    attributes: ["highestCommittedUSN", "dsServiceName", "defaultNamingContext"],
  });
  // A failed guess (the DC is another one, the DN is gone) is no error: the rootDSE decides.
  const guess =
    expectedService === undefined
      ? Promise.resolve(undefined)
      : readInvocationId(client, expectedService).catch(() => undefined);
  const [[root], guessed] = await Promise.all([rootDse, guess]);
  const usn = Number(first(root, "highestCommittedUSN"));
  const service = first(root, "dsServiceName");
  const namingContext = first(root, "defaultNamingContext");
  if (!Number.isSafeInteger(usn) || service === undefined || namingContext === undefined) {
    throw new LdapFailure(
      "the DC's rootDSE gives no highestCommittedUSN, dsServiceName or defaultNamingContext: it is not an Active Directory DC, so incremental reads cannot be used (set source.incremental: false)",
    );
  }
  const sameDc = expectedService !== undefined && expectedService.toLowerCase() === service.toLowerCase();
  const invocationId = sameDc && guessed !== undefined ? guessed : await readInvocationId(client, service);
  if (invocationId === undefined) {
    throw new LdapFailure(`the DC does not show the invocationID of ${service} to this account`);
  }
  return { service, invocationId, highestCommittedUsn: usn, namingContext };
}
