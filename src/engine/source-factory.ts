import type { Config } from "../config/index.js";
import type { DirectorySource } from "../source/types.js";
import { createLdifSource } from "../source/ldif/index.js";
import type { EventSink } from "./events.js";

/**
 * The directory source the configuration names. The LDAP source (and ldapts with it) is loaded only
 * when configured: an LDIF run does not pay for it at start-up.
 */
export async function createSource(source: Config["source"], onEvent: EventSink): Promise<DirectorySource> {
  if (source.type === "ldif") {
    return createLdifSource({
      file: source.file,
      disabledAccounts: source.disabledAccounts,
      baseDns: source.baseDns,
    });
  }
  const { createLdapSource } = await import("../source/ldap/index.js");
  return createLdapSource({
    urls: source.url,
    startTls: source.startTls,
    bindDn: source.bindDn,
    bindPassword: source.bindPassword,
    tls: source.tls,
    allowPlaintextBind: source.allowPlaintextBind,
    baseDns: source.baseDns,
    filter: source.filter,
    memberOf: source.memberOf,
    disabledAccounts: source.disabledAccounts,
    pageSize: source.pageSize,
    timeouts: source.timeouts,
    onEvent: (e) => {
      if (e.type === "progress") onEvent({ type: "progress", stage: "source", done: e.users, page: e.page });
      else onEvent({ type: "log", level: e.type, message: e.message });
    },
  });
}
