import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { LdapSourceOptions } from "../../src/source/ldap/index.js";
import type { Population } from "../fixtures/ad/index.js";
import { adminBindArgs, type SambaDcInfo } from "./samba-dc.js";

const run = promisify(execFile);

/** Source options that read the test DC over LDAPS as the service account. */
export function ldapOptionsFor(
  dc: SambaDcInfo,
  population: Population,
  overrides: Partial<LdapSourceOptions> = {},
): LdapSourceOptions {
  return {
    urls: [dc.ldapsUrl],
    startTls: false,
    bindDn: population.serviceAccount.upn,
    bindPassword: population.serviceAccount.password,
    tls: { caFile: dc.caFile, serverName: dc.hostName },
    allowPlaintextBind: false,
    baseDns: [`OU=Staff,${dc.baseDn}`],
    filter: "(&(objectCategory=person)(objectClass=user))",
    memberOf: [],
    disabledAccounts: "exclude",
    pageSize: 1000,
    timeouts: { connectMs: 5000, operationMs: 20_000, totalMs: 60_000 },
    ...overrides,
  };
}

/** objectGUID of each DN as ldapsearch (OpenLDAP) reads it, as raw bytes. */
export async function guidsByLdapsearch(dc: SambaDcInfo, filter: string): Promise<Map<string, Buffer>> {
  // Over the local socket: OpenLDAP has no option to check the certificate against another name
  // than the one in the URL, and the DC's certificate names its host, not its IP address.
  const { stdout } = await run(
    "ldapsearch",
    ["-LLL", "-o", "ldif-wrap=no", ...adminBindArgs(dc), "-b", dc.baseDn, filter, "objectGUID"],
    { maxBuffer: 16 * 1024 * 1024 },
  );
  const result = new Map<string, Buffer>();
  for (const block of stdout.split(/\n\n+/)) {
    const dnLine = /^dn(::?) (.*)$/m.exec(block);
    const guidLine = /^objectGUID:: (.*)$/m.exec(block);
    if (!dnLine?.[2] || !guidLine?.[1]) continue;
    const dn = dnLine[1] === "::" ? Buffer.from(dnLine[2], "base64").toString("utf8") : dnLine[2];
    result.set(dn, Buffer.from(guidLine[1], "base64"));
  }
  return result;
}
