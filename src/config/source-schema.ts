import { z } from "zod";
import { nonEmpty, requiredText, secret, whenMissing } from "./schema-parts.js";

const tlsSchema = z
  .strictObject({
    caFile: nonEmpty
      .optional()
      .describe("PEM file with the CA certificate(s) that signed the domain controllers' certificates."),
    serverName: nonEmpty
      .optional()
      .describe("Name expected in the DC certificate, when it differs from the host name in the URL."),
    insecureSkipVerify: z
      .boolean()
      .default(false)
      .describe("Do not verify the DC certificate. For trials only: it allows a man in the middle."),
  })
  .describe("TLS settings for ldaps:// and StartTLS.");

const timeoutsSchema = z
  .strictObject({
    connectMs: z.int().positive().default(10_000).describe("Time allowed to connect to one DC, in ms."),
    operationMs: z.int().positive().default(30_000).describe("Time allowed for one LDAP operation, in ms."),
    totalMs: z
      .int()
      .positive()
      .default(600_000)
      .describe("Time allowed for the whole directory read, in ms."),
  })
  .describe("LDAP time limits.");

const TYPE = "Where users come from: `ldap` (Active Directory) or `ldif` (a file).";
const URLS =
  "LDAP URL of a domain controller (ldaps://dc1.corp.example:636), or a list of them tried in order. Always a list after loading.";
const URL_ERROR = "must be an LDAP URL or a non-empty list of them, e.g. ldaps://dc1.corp.example:636";
const BIND_DN = "Account to bind as: a UPN (svc@corp.example), DOMAIN\\user or a DN.";
const BIND_PASSWORD =
  "Password of the bind account. Use ${env:NAME} or bindPasswordFile instead of writing it here.";
const BASE_DNS = "Distinguished names of the subtrees to search, e.g. OU=Staff,DC=corp,DC=example.";
const FILE = "LDIF file to read users from (type: ldif).";
const BASE_DNS_REQUIRED =
  'required for type ldap: a list of subtrees to search, e.g. ["OU=Staff,DC=corp,DC=example"]';

const urls = (error: string | ((issue: { input?: unknown }) => string)) =>
  z
    .union([nonEmpty, z.array(nonEmpty).min(1)], { error })
    .transform((v) => (typeof v === "string" ? [v] : v));

/**
 * Every key a source may have, whatever its type: an ldif source ignores the LDAP keys (and an
 * ldap source `file`) but accepts them, so switching `type` to try a file needs no other edit.
 * The two types then differ in what they require.
 */
const anySource = {
  url: urls(URL_ERROR).optional().describe(URLS),
  startTls: z
    .boolean()
    .default(false)
    .describe("Upgrade an ldap:// connection with StartTLS before binding."),
  bindDn: nonEmpty.optional().describe(BIND_DN),
  bindPassword: z.string().optional().describe(BIND_PASSWORD),
  bindPasswordFile: nonEmpty
    .optional()
    .describe("File holding the bind password (trailing newline ignored); alternative to bindPassword."),
  tls: tlsSchema.prefault({}),
  allowPlaintextBind: z
    .boolean()
    .default(false)
    .describe("Allow a simple bind over ldap:// without StartTLS, which sends the password in clear."),
  baseDns: z.array(nonEmpty).default([]).describe(BASE_DNS),
  filter: nonEmpty
    .default("(&(objectCategory=person)(objectClass=user))")
    .describe("LDAP filter selecting the users."),
  memberOf: z
    .array(nonEmpty)
    .default([])
    .describe("Only users that are members (nested membership counts) of one of these group DNs."),
  disabledAccounts: z
    .enum(["exclude", "include"])
    .default("exclude")
    .describe("Whether disabled AD accounts are left out (exclude) or synchronised (include)."),
  pageSize: z
    .int()
    .min(1)
    .max(1000, { error: "must be at most 1000, Active Directory's MaxPageSize" })
    .default(500)
    .describe("LDAP paged-results page size (1–1000; AD's MaxPageSize is 1000)."),
  timeouts: timeoutsSchema.prefault({}),
  file: nonEmpty.optional().describe(FILE),
};

const ldapSource = z
  .strictObject({
    type: z.literal("ldap").describe(TYPE),
    ...anySource,
    url: urls((issue) =>
      issue.input === undefined
        ? "required for type ldap: the URL of a domain controller, e.g. ldaps://dc1.corp.example:636"
        : URL_ERROR,
    ).describe(URLS),
    bindDn: requiredText("required for type ldap: the account to bind as (UPN, DOMAIN\\user or DN)").describe(
      BIND_DN,
    ),
    bindPassword: secret(
      "required for type ldap: set source.bindPassword (e.g. ${env:LDAP_BIND_PASSWORD}) or source.bindPasswordFile",
    ).describe(BIND_PASSWORD),
    baseDns: z
      .array(nonEmpty, whenMissing(BASE_DNS_REQUIRED))
      .min(1, { error: BASE_DNS_REQUIRED })
      .describe(BASE_DNS),
  })
  .describe("An Active Directory domain, read over LDAP.");

const ldifSource = z
  .strictObject({
    type: z.literal("ldif").describe(TYPE),
    ...anySource,
    file: requiredText("required for type ldif: the LDIF file to read users from").describe(FILE),
  })
  .describe("An LDIF file, e.g. an export of the directory or test data.");

export const sourceSchema = z
  .discriminatedUnion("type", [ldapSource, ldifSource])
  .describe("Where the users come from.");

export type LdapSourceConfig = z.output<typeof ldapSource>;
export type LdifSourceConfig = z.output<typeof ldifSource>;
