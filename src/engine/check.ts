import { loadConfig, type Config, type LoadConfigOptions, type LoadedConfig } from "../config/index.js";
import { loadMapping } from "../mapping/index.js";
import type { MbnClient, UserInfo } from "../mbn/index.js";
import { ExitCode, SyncError } from "../model/exit-code.js";
import { checkNotify } from "../notify/index.js";
import type { CheckItem, CheckReport } from "../report/index.js";
import { ignoreEvents, type EventSink } from "./events.js";
import { createClient } from "./client-factory.js";
import { createSource } from "./source-factory.js";
import { isLdapSource, type IncrementalProbe } from "../source/ldap/ldap-directory-source.js";
import type { DirectorySource, SourceReadRequest } from "../source/types.js";

export interface CheckOptions extends LoadConfigOptions {
  onEvent?: EventSink;
  /** Send a test message through each notification channel that passes its check (`--notify-test`). */
  notifyTest?: boolean;
}

const pass = (name: string, detail: string): CheckItem => ({ name, ok: true, detail });
const notRun = (name: string, detail: string): CheckItem => ({ name, ok: false, skipped: true, detail });

/** A failed check, with the exit code its error carries (MBN's refusals: 69, or 78 naming the key). */
function fail(name: string, error: unknown): CheckItem {
  if (error instanceof SyncError) return { name, ok: false, detail: error.message, exitCode: error.exitCode };
  const detail = error instanceof Error ? error.message : String(error);
  return {
    name,
    ok: false,
    detail: `internal error (please report it): ${detail}`,
    exitCode: ExitCode.internal,
  };
}

/**
 * Everything a sync needs, checked one by one and read-only: the configuration, the mapping, the
 * directory (bind and a full read of the users in scope), the MBN token, catalog/userInfo and the
 * enterprise's contacts, and the notification channels (`notify`). A failure is reported and the checks
 * that do not depend on it still run.
 */
export async function runChecks(options: CheckOptions = {}): Promise<CheckReport> {
  const onEvent = options.onEvent ?? ignoreEvents;
  const checks: CheckItem[] = [];
  let loaded: LoadedConfig;
  try {
    onEvent({ type: "stage", stage: "config", message: "Loading the configuration" });
    loaded = await loadConfig(options);
    checks.push(pass("config", `loaded ${loaded.file}`));
  } catch (error) {
    checks.push(fail("config", error));
    for (const name of ["mapping", "source", "mbn-token", "mbn-userinfo", "mbn-contacts"])
      checks.push(notRun(name, "not checked: the configuration must load first"));
    return { version: 1, checks };
  }
  const { config } = loaded;

  try {
    onEvent({ type: "stage", stage: "mapping", message: `Loading mapping ${config.mapping}` });
    const mapping = await loadMapping(config.mapping);
    checks.push(
      pass(
        "mapping",
        `${mapping.file}: manages ${mapping.managedFields.join(", ")}; reads ${mapping.attributes.length} attributes`,
      ),
    );
  } catch (error) {
    checks.push(fail("mapping", error));
  }

  checks.push(await checkSource(config, onEvent));
  checks.push(...(await checkMbn(config, onEvent)));
  checks.push(...(await checkNotify(config, options.notifyTest ?? false)));
  return { version: 1, checks };
}

/**
 * Binds and reads every user in scope, as a sync would. 0 users in scope is a failure: a sync would
 * plan to delete every managed contact (the guards would stop it), so the check names what selects
 * the users. That is the configuration (78), except for an LDIF file read whole, which then holds
 * no user entry at all: unusable input data (65).
 */
async function checkSource(config: Config, onEvent: EventSink): Promise<CheckItem> {
  try {
    const source = await createSource(config.source, onEvent);
    onEvent({ type: "stage", stage: "source", message: `Reading users from ${source.description}` });
    const read = await source.read(checkRequest(config));
    const { length } = read.users;
    const disabled = read.excluded.disabled
      ? `, ${read.excluded.disabled} disabled left out (source.disabledAccounts: exclude)`
      : "";
    const found = `${length} user${length === 1 ? "" : "s"} in scope${disabled}`;
    const scope = describeScope(config.source);
    const incremental = await incrementalDetail(config, source);
    if (length > 0) return pass("source", `${source.description}: ${scope.how}: ${found}${incremental}`);
    return {
      name: "source",
      ok: false,
      detail: `${source.description}: ${scope.how}: ${found}. ${scope.lookAt}`,
      exitCode: scope.exitCode,
    };
  } catch (error) {
    return fail("source", error);
  }
}

/** With source.incremental, the read a sync makes on its first run: the tool's own group expansion. */
function checkRequest(config: Config): SourceReadRequest {
  if (config.source.type !== "ldap" || !config.source.incremental) return { attributes: [] };
  const fullReadAfterMs = config.source.fullReadAfterHours * 3_600_000;
  return { attributes: [], incremental: { previous: null, full: true, fullReadAfterMs, now: new Date() } };
}

/**
 * With source.incremental, lines saying that delta reads apply, from which DC, and how deleted users are
 * removed: at once where the account sees tombstones, else by the periodic full read (with how to delegate).
 */
async function incrementalDetail(config: Config, source: DirectorySource): Promise<string> {
  if (config.source.type !== "ldap" || !config.source.incremental || !isLdapSource(source)) return "";
  const probe: IncrementalProbe = await source.probeIncremental();
  const hours = config.source.fullReadAfterHours;
  const account = config.source.bindDn.includes("=") ? "DOMAIN\\<bind account>" : config.source.bindDn;
  const deleted = probe.tombstonesVisible
    ? `Deleted users: tombstones under ${probe.deletedObjects} are visible to this account, so a delta removes a deleted user at once`
    : `Deleted users: no tombstone under ${probe.deletedObjects} is visible to this account (the default), so a deleted user is ` +
      `removed by the full read every ${hours} h (source.fullReadAfterHours; users disabled first are removed at once). ` +
      `To remove them at once, let the account list the container: dsacls "${probe.deletedObjects}" /takeownership, ` +
      `then dsacls "${probe.deletedObjects}" /G "${account}:LCRP"`;
  return (
    `\nsource.incremental: delta reads on, from ${probe.dc} (highestCommittedUSN ${probe.usn}); ` +
    `the account stays read-only: nothing needs "Replicating Directory Changes"\n${deleted}`
  );
}

const list = (values: readonly string[]): string => values.map((v) => `"${v}"`).join(", ");

/** What selects the users of a source: said on success, and named as what to look at when none is found. */
function describeScope(source: Config["source"]): { how: string; lookAt: string; exitCode: ExitCode } {
  if (source.type === "ldap") {
    const groups = source.memberOf.length > 0 ? list(source.memberOf) : "(none: any group)";
    return {
      how: `bound and read under ${list(source.baseDns)}`,
      lookAt:
        `Look at what selects the users: source.baseDns ${list(source.baseDns)}, ` +
        `source.filter "${source.filter}", source.memberOf ${groups}`,
      exitCode: ExitCode.config,
    };
  }
  const honoured = "an LDIF source honours source.file, source.baseDns and source.disabledAccounts";
  if (source.baseDns.length === 0) {
    return {
      how: "parsed, every entry (no source.baseDns)",
      lookAt:
        `The file holds no user entry (objectClass user, person or inetOrgPerson): ` +
        `look at source.file (is it the export you meant?); ${honoured}`,
      exitCode: ExitCode.dataError,
    };
  }
  return {
    how: `parsed, entries under ${list(source.baseDns)} (source.baseDns)`,
    lookAt:
      `Look at source.file (is it the export you meant?) and source.baseDns: users must be at or ` +
      `below one of ${list(source.baseDns)}; ${honoured}`,
    exitCode: ExitCode.config,
  };
}

/** Reads the whole listing of the enterprise, as a sync would, and counts the contacts that carry the prefix. */
async function checkContacts(client: MbnClient, prefix: string, onEvent: EventSink): Promise<CheckItem> {
  try {
    const enterpriseId = await client.enterpriseId();
    onEvent({ type: "stage", stage: "mbn", message: `Reading contacts of ${enterpriseId}` });
    const contacts = await client.listContacts();
    const managed = contacts.filter((c) => c.externalId?.startsWith(prefix) === true).length;
    return pass(
      "mbn-contacts",
      `enterprise ${enterpriseId}: ${contacts.length} contacts, ${managed} managed (externalId prefix "${prefix}"), ` +
        `${contacts.length - managed} not managed`,
    );
  } catch (error) {
    return fail("mbn-contacts", error);
  }
}

async function checkMbn(config: Config, onEvent: EventSink): Promise<CheckItem[]> {
  const { mbn } = config;
  const who = `client "${mbn.clientId}", user "${mbn.username}"`;
  const seen = { token: false };
  // A check gives up sooner than a sync when MBN does not answer, and watches for the token so that it
  // can tell a refused token from a refused userInfo.
  const client = createClient(mbn, onEvent, {
    maxAttempts: 3,
    maxRetryTimeMs: 20_000,
    onEvent: (e) => {
      if (e.type === "token") seen.token = true;
    },
  });
  const checks: CheckItem[] = [];
  try {
    onEvent({ type: "stage", stage: "mbn", message: `Asking ${client.baseUrl} for catalog/userInfo` });
    let info: UserInfo;
    try {
      info = await client.userInfo();
    } catch (error) {
      if (!seen.token) {
        checks.push(fail("mbn-token", error));
        checks.push(notRun("mbn-userinfo", "not checked: needs a token"));
        checks.push(notRun("mbn-contacts", "not checked: needs a token"));
      } else {
        checks.push(pass("mbn-token", `from ${client.tokenUrl} for ${who}`));
        checks.push(fail("mbn-userinfo", error));
        checks.push(notRun("mbn-contacts", "not checked: needs catalog/userInfo"));
      }
      return checks;
    }
    checks.push(pass("mbn-token", `from ${client.tokenUrl} for ${who}`));
    const configured =
      mbn.enterpriseId !== undefined && mbn.enterpriseId !== info.enterpriseId
        ? ` (mbn.enterpriseId is ${mbn.enterpriseId}: that one is managed)`
        : "";
    checks.push(
      pass(
        "mbn-userinfo",
        `username ${info.username}, enterpriseId ${info.enterpriseId}${configured}, role ${info.role}`,
      ),
    );
    checks.push(await checkContacts(client, config.sync.externalIdPrefix, onEvent));
    return checks;
  } finally {
    await client.close();
  }
}
