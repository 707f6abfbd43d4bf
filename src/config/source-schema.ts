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
const BASE_DNS_REQUIRED =
  'required for type ldap: a list of subtrees to search, e.g. ["OU=Staff,DC=corp,DC=example"]';

const urls = (error: string | ((issue: { input?: unknown }) => string)) =>
  z
    .union([nonEmpty, z.array(nonEmpty).min(1)], { error })
    .transform((v) => (typeof v === "string" ? [v] : v));

const disabledAccounts = z
  .enum(["exclude", "include"])
  .default("exclude")
  .describe(
    "Whether disabled accounts (userAccountControl bit 2) are left out (exclude) or synchronised (include).",
  );

const ldapSource = z
  .strictObject({
    type: z.literal("ldap").describe(TYPE),
    url: urls((issue) =>
      issue.input === undefined
        ? "required for type ldap: the URL of a domain controller, e.g. ldaps://dc1.corp.example:636"
        : URL_ERROR,
    ).describe(URLS),
    startTls: z
      .boolean()
      .default(false)
      .describe("Upgrade an ldap:// connection with StartTLS before binding."),
    bindDn: requiredText("required for type ldap: the account to bind as (UPN, DOMAIN\\user or DN)").describe(
      BIND_DN,
    ),
    bindPassword: secret(
      "required for type ldap: set source.bindPassword (e.g. ${env:LDAP_BIND_PASSWORD}) or source.bindPasswordFile",
    ).describe(BIND_PASSWORD),
    bindPasswordFile: nonEmpty
      .optional()
      .describe("File holding the bind password (trailing newline ignored); alternative to bindPassword."),
    tls: tlsSchema.prefault({}),
    allowPlaintextBind: z
      .boolean()
      .default(false)
      .describe("Allow a simple bind over ldap:// without StartTLS, which sends the password in clear."),
    baseDns: z
      .array(nonEmpty, whenMissing(BASE_DNS_REQUIRED))
      .min(1, { error: BASE_DNS_REQUIRED })
      .describe("Distinguished names of the subtrees to search, e.g. OU=Staff,DC=corp,DC=example."),
    filter: nonEmpty
      .default("(&(objectCategory=person)(objectClass=user))")
      .describe("LDAP filter selecting the users."),
    memberOf: z
      .array(nonEmpty)
      .default([])
      .describe("Only users that are members (nested membership counts) of one of these group DNs."),
    disabledAccounts,
    pageSize: z
      .int()
      .min(1)
      .max(1000, { error: "must be at most 1000, Active Directory's MaxPageSize" })
      .default(500)
      .describe("LDAP paged-results page size (1–1000; AD's MaxPageSize is 1000)."),
    timeouts: timeoutsSchema.prefault({}),
    incremental: z
      .boolean()
      .default(false)
      .describe(
        "Read only the users changed since the last run (uSNChanged on the same DC), with a full read when the DC, its invocationID, the scope or the mapping's attributes change, on --full, and every fullReadAfterHours.",
      ),
    fullReadAfterHours: z
      .number()
      .positive()
      .default(24)
      .describe(
        "With incremental: read the whole scope at least this often, in hours (catches deleted users the account cannot see as tombstones).",
      ),
  })
  .describe("An Active Directory domain, read over LDAP.");

/**
 * An LDIF file is read whole: it has no server to connect or bind to, no filter and no group
 * membership to evaluate. Only these keys apply; the LDAP keys are refused with the reason
 * (rules.ts, SOURCE_KEYS_NOT_FOR), so that nobody believes a filter narrowed the export.
 */
const ldifSource = z
  .strictObject({
    type: z.literal("ldif").describe(TYPE),
    file: requiredText("required for type ldif: the LDIF file to read users from").describe(
      "LDIF file to read users from (type: ldif).",
    ),
    baseDns: z
      .array(nonEmpty)
      .default([])
      .describe(
        "Only entries at or below one of these DNs are read (a match on the DN's last RDNs); every user entry of the file when left out.",
      ),
    disabledAccounts,
  })
  .describe("An LDIF file, e.g. an export of the directory or test data.");

export const sourceSchema = z
  .discriminatedUnion("type", [ldapSource, ldifSource])
  .describe("Where the users come from.");

export type LdapSourceConfig = z.output<typeof ldapSource>;
export type LdifSourceConfig = z.output<typeof ldifSource>;

const NO_SERVER = "an LDIF source reads a file and connects to no server; remove it";
const NO_BIND = "an LDIF source binds to no server; remove it";

/** The keys only one type of source uses, each with why the other type has no use for it and what to do. */
export const SOURCE_KEYS_NOT_FOR: Record<"ldap" | "ldif", Record<string, string>> = {
  ldif: {
    url: NO_SERVER,
    startTls: NO_SERVER,
    tls: NO_SERVER,
    timeouts: NO_SERVER,
    allowPlaintextBind: NO_BIND,
    bindDn: NO_BIND,
    bindPassword: NO_BIND,
    bindPasswordFile: NO_BIND,
    filter:
      "an LDIF export is read whole (every user entry, under source.baseDns when set); remove it or filter the export",
    memberOf:
      "group membership is not evaluated in an LDIF file; remove it or export only the group's members",
    pageSize: "an LDIF file is not read in pages; remove it",
    incremental: "an LDIF file has no change numbers and is read whole every run; remove it",
    fullReadAfterHours: "an LDIF file is read whole every run; remove it",
  },
  ldap: {
    file: "an LDAP source reads the directory server; remove it, or set type: ldif to read this file instead",
  },
};
