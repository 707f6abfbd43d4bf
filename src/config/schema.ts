import { z } from "zod";
import { defaultMappingPath } from "./package-root.js";
import { auditSchema, notifySchema } from "./notify-schema.js";
import { nonEmpty, requiredText, secret } from "./schema-parts.js";
import { sourceSchema } from "./source-schema.js";

/**
 * The configuration file's schema. It is also the documentation: every key carries a
 * description, and `configJsonSchema()` turns it into a JSON Schema for editor completion.
 * What each source type needs is said by its branch of `source` (source-schema.ts); the rules
 * between values (an ldap:// URL needs StartTLS, …) live in rules.ts and are reported together
 * with the schema's own issues.
 */

export const mbnSchema = z
  .strictObject({
    baseUrl: z
      .url({ protocol: /^https?$/ })
      .describe(
        "Base URL of the MBN API: its root, from the partner agreement. The tool adds catalog/… to it, so it does not end in /catalog.",
      ),
    tokenUrl: z
      .url({ protocol: /^https?$/ })
      .optional()
      .describe("OAuth token endpoint, when it is not the default under baseUrl."),
    clientId: requiredText("required: the OAuth client id, e.g. ${env:MBN_CLIENT_ID}").describe(
      "OAuth client id.",
    ),
    clientSecret: secret(
      "required: set mbn.clientSecret (e.g. ${env:MBN_CLIENT_SECRET}) or mbn.clientSecretFile",
    ).describe("OAuth client secret. Use ${env:NAME} or clientSecretFile."),
    clientSecretFile: nonEmpty
      .optional()
      .describe("File holding the OAuth client secret; alternative to clientSecret."),
    username: requiredText("required: the MBN API user name, e.g. ${env:MBN_USERNAME}").describe(
      "MBN API user name.",
    ),
    password: secret("required: set mbn.password (e.g. ${env:MBN_PASSWORD}) or mbn.passwordFile").describe(
      "MBN API password. Use ${env:NAME} or passwordFile.",
    ),
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

const DURATION_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `sync.deleteAfter`: `0` or a whole number with s, m, h or d; read as milliseconds. */
const DURATION_FORM =
  'a duration: 0, or a whole number followed by s, m, h or d (e.g. "45s", "30m", "72h", "7d")';
const deleteAfterSchema = z
  .union([z.literal(0), z.string().regex(/^(0|[0-9]+[smhd])$/, { error: DURATION_FORM })], {
    error: DURATION_FORM,
  })
  .default(0)
  .transform((v) => {
    const match = /^([0-9]+)([smhd])$/.exec(String(v));
    return match ? Number(match[1]) * DURATION_MS[match[2] as keyof typeof DURATION_MS] : 0;
  })
  .describe(
    "Keep the contact of a user who left the scope until the user has been missing this long: 0 (delete at once), or e.g. 45s, 30m, 72h, 7d.",
  );

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
      .describe(
        "Stop before writing when a run would delete more than this share (%) of the larger of the managed contacts and the users in scope.",
      ),
    minDeletesForPercentGuard: z
      .int()
      .min(0)
      .default(10)
      .describe(
        "The share guards (maxDeletePercent, and a source that shrank by that share) stop a run only from this many deletes (or users lost) on.",
      ),
    deleteAfter: deleteAfterSchema,
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
    audit: auditSchema.prefault({}),
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
    notify: notifySchema.optional(),
  })
  .describe("mbn-ad-sync configuration");

/**
 * What a command that only reads the directory uses (`preview`): the configuration without its
 * `mbn`, `state` and `notify` sections, whose variables and secret files need not be set for it.
 */
export const directoryConfigSchema = configSchema.omit({ mbn: true, state: true, notify: true });

/**
 * The configuration after defaults, env interpolation, secret files and path resolution: the
 * source narrowed by its type, every credential a string.
 */
export type Config = z.output<typeof configSchema>;
export type DirectoryConfig = z.output<typeof directoryConfigSchema>;
export type NotifyConfig = NonNullable<Config["notify"]>;
export type { NotifyEvent } from "./notify-schema.js";
export type { LdapSourceConfig, LdifSourceConfig } from "./source-schema.js";

/** JSON Schema of the config file (the input side: keys with defaults are optional). */
export function configJsonSchema(): object {
  const schema = z.toJSONSchema(configSchema, { io: "input", unrepresentable: "any" });
  // The default mapping is an absolute path on this machine; it does not belong in a shared schema.
  const mapping = schema.properties?.mapping;
  if (typeof mapping === "object") delete mapping.default;
  return schema;
}
