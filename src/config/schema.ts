import { z } from "zod";
import { defaultMappingPath } from "./package-root.js";

/**
 * The configuration file's schema. It is also the documentation: every key carries a
 * description, and `configJsonSchema()` turns it into a JSON Schema for editor completion.
 * Cross-field rules (what an ldap source needs, plaintext binds, …) live in rules.ts so that
 * they can be reported together with the schema's own issues.
 */

const nonEmpty = z.string().min(1);

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

export const sourceSchema = z
  .strictObject({
    type: z
      .enum(["ldap", "ldif"])
      .describe("Where users come from: `ldap` (Active Directory) or `ldif` (a file)."),
    url: z
      .union([nonEmpty, z.array(nonEmpty).min(1)], {
        error: "must be an LDAP URL or a non-empty list of them, e.g. ldaps://dc1.corp.example:636",
      })
      .transform((v) => (typeof v === "string" ? [v] : v))
      .optional()
      .describe(
        "LDAP URL of a domain controller (ldaps://dc1.corp.example:636), or a list of them tried in order. Always a list after loading.",
      ),
    startTls: z
      .boolean()
      .default(false)
      .describe("Upgrade an ldap:// connection with StartTLS before binding."),
    bindDn: nonEmpty
      .optional()
      .describe("Account to bind as: a UPN (svc@corp.example), DOMAIN\\user or a DN."),
    bindPassword: z
      .string()
      .optional()
      .describe(
        "Password of the bind account. Use ${env:NAME} or bindPasswordFile instead of writing it here.",
      ),
    bindPasswordFile: nonEmpty
      .optional()
      .describe("File holding the bind password (trailing newline ignored); alternative to bindPassword."),
    tls: tlsSchema.prefault({}),
    allowPlaintextBind: z
      .boolean()
      .default(false)
      .describe("Allow a simple bind over ldap:// without StartTLS, which sends the password in clear."),
    baseDns: z
      .array(nonEmpty)
      .default([])
      .describe("Distinguished names of the subtrees to search, e.g. OU=Staff,DC=corp,DC=example."),
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
    file: nonEmpty.optional().describe("LDIF file to read users from (type: ldif)."),
  })
  .describe("Where the users come from.");

export const mbnSchema = z
  .strictObject({
    baseUrl: z
      .url({ protocol: /^https?$/ })
      .describe("Base URL of the MBN Catalog API, from the partner agreement."),
    tokenUrl: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe("OAuth token endpoint, when it is not the default under baseUrl."),
    clientId: nonEmpty.optional().describe("OAuth client id."),
    clientSecret: z.string().optional().describe("OAuth client secret. Use ${env:NAME} or clientSecretFile."),
    clientSecretFile: nonEmpty
      .optional()
      .describe("File holding the OAuth client secret; alternative to clientSecret."),
    username: nonEmpty.optional().describe("MBN API user name."),
    password: z.string().optional().describe("MBN API password. Use ${env:NAME} or passwordFile."),
    passwordFile: nonEmpty.optional().describe("File holding the MBN API password; alternative to password."),
    enterpriseId: nonEmpty
      .optional()
      .describe("Enterprise to manage; when left out it is read from catalog/userInfo."),
    concurrency: z.int().min(1).max(32).default(4).describe("Writes in flight at once (1–32)."),
    requestsPerSecond: z.number().positive().default(10).describe("Upper bound on API requests per second."),
    timeoutMs: z.int().positive().default(30_000).describe("Time allowed for one HTTP request, in ms."),
    caFile: nonEmpty
      .optional()
      .describe("PEM file with an extra CA certificate to trust (e.g. a TLS-inspecting proxy)."),
  })
  .describe("The MBN Catalog API and its credentials.");

export const syncSchema = z
  .strictObject({
    externalIdPrefix: nonEmpty
      .default("ad:")
      .describe("Prefix of the externalId of contacts this tool manages; others are never touched."),
    deletes: z
      .enum(["delete", "keep"])
      .default("delete")
      .describe("What happens to managed contacts whose user left the source: delete them, or keep them."),
    maxDeletes: z
      .int()
      .min(0)
      .default(50)
      .describe("Stop before writing when a run would delete more contacts."),
    maxDeletePercent: z
      .number()
      .min(0)
      .max(100)
      .default(10)
      .describe("Stop before writing when a run would delete more than this share (%) of managed contacts."),
    adopt: z
      .strictObject({
        matchBy: z
          .array(z.enum(["email", "mobile"]))
          .min(1)
          .describe("Fields that match a hand-entered contact to a user: email and/or mobile."),
      })
      .optional()
      .describe("Take over hand-entered contacts that match a user, instead of creating duplicates."),
    fullResyncAfterDays: z
      .number()
      .positive()
      .default(7)
      .describe("Read all MBN contacts again when the last full read is older than this."),
  })
  .describe("How the directory is kept in step.");

export const stateSchema = z
  .strictObject({
    dir: nonEmpty
      .default("./.mbn-ad-sync")
      .describe("Directory for the mirror of MBN contacts, the lock and the audit log."),
  })
  .describe("Local state.");

export const configSchema = z
  .strictObject({
    $schema: z.string().optional().describe("JSON Schema reference for editors; ignored."),
    source: sourceSchema,
    mapping: nonEmpty
      .default(defaultMappingPath)
      .describe(
        "Mapping file from AD attributes to contact fields; defaults to the shipped active-directory.yaml.",
      ),
    mbn: mbnSchema,
    sync: syncSchema.prefault({}),
    state: stateSchema.prefault({}),
  })
  .describe("mbn-ad-sync configuration");

/** The configuration after defaults, env interpolation, secret files and path resolution. */
export type Config = z.output<typeof configSchema>;

/** JSON Schema of the config file (the input side: keys with defaults are optional). */
export function configJsonSchema(): object {
  const schema = z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" });
  // The default mapping is an absolute path on this machine; it does not belong in a shared schema.
  const mapping = schema.properties?.mapping;
  if (typeof mapping === "object") delete mapping.default;
  return schema;
}
