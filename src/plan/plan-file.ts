import { z } from "zod";
import { MANAGEABLE_FIELDS } from "../model/contact.js";
import { contactInputSchema } from "../model/contact-schema.js";
import type { ManagedField } from "../model/contact.js";
import { DataError } from "../model/errors.js";
import { createChanges } from "./create-entry.js";
import { canonicalJson, planHash } from "./hash.js";
import type { Plan } from "./types.js";

/**
 * The plan file written by `plan --out` and read by `apply`. Bump on any incompatible change: 2 when the
 * plan hash stopped covering a create's changes (a file of version 1 carries a hash of the old kind).
 */
export const PLAN_FILE_VERSION = 2;

export interface PlanFile {
  version: typeof PLAN_FILE_VERSION;
  /** ISO 8601; passed in by the caller (the planner has no clock). */
  createdAt: string;
  /** Ties the plan to the configuration and mapping it was made with: `apply` refuses it under others. */
  configFingerprint: string;
  mappingFingerprint: string;
  /** What the plan was made with: `apply` needs them to re-plan a single contact after a 412 or 409. */
  prefix: string;
  managedFields: ManagedField[];
  plan: Plan;
}

const change = z.strictObject({ field: z.string(), from: z.unknown(), to: z.unknown() });
const entry = z.discriminatedUnion("action", [
  z.strictObject({
    action: z.literal("create"),
    externalId: z.string(),
    source: z.string(),
    input: contactInputSchema,
    changes: z.array(change),
  }),
  z.strictObject({
    action: z.literal("update"),
    contactId: z.string(),
    externalId: z.string(),
    source: z.string(),
    baseVersion: z.number().int(),
    input: contactInputSchema,
    changes: z.array(change),
    adopt: z.boolean(),
  }),
  z.strictObject({
    action: z.literal("delete"),
    contactId: z.string(),
    externalId: z.string(),
    baseVersion: z.number().int(),
    before: contactInputSchema,
  }),
]);
const count = z.number().int().nonnegative();
const planFile = z.strictObject({
  version: z.literal(PLAN_FILE_VERSION),
  createdAt: z.string(),
  configFingerprint: z.string(),
  mappingFingerprint: z.string(),
  prefix: z.string(),
  managedFields: z.array(z.enum(MANAGEABLE_FIELDS)),
  plan: z.strictObject({
    entries: z.array(entry),
    unchanged: count,
    kept: count,
    skippedKept: count,
    managedCount: count,
    desiredCount: count,
    conflicts: z.array(
      z.strictObject({
        externalId: z.string().optional(),
        sources: z.array(z.string()),
        contactIds: z.array(z.string()),
        reason: z.string(),
      }),
    ),
    // Absent in files written before sync.deleteAfter.
    pendingDeletes: z
      .array(
        z.strictObject({
          externalId: z.string(),
          contactId: z.string(),
          name: z.string().nullable(),
          missingSince: z.string(),
          due: z.string(),
        }),
      )
      .optional(),
    missingSince: z.array(z.strictObject({ externalId: z.string(), since: z.string() })).optional(),
    hash: z.string(),
  }),
});

/** The plan file's text: stable, readable JSON ending in a newline. */
export function writePlanFile(file: Omit<PlanFile, "version">): string {
  const content: PlanFile = { version: PLAN_FILE_VERSION, ...file };
  return `${JSON.stringify(content, null, 2)}\n`;
}

/**
 * Parses and checks a plan file: its version, its shape, and that its entries still hash to the
 * hash it carries, so a plan edited by hand after review can never be applied under the old hash.
 * `fileName` only names the file in messages.
 */
export function readPlanFile(content: string, fileName: string): PlanFile {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (error) {
    throw new DataError(`${fileName}: not a plan file (invalid JSON: ${(error as Error).message})`, {
      cause: error,
    });
  }
  const version = (data as { version?: unknown } | null)?.version;
  if (version !== PLAN_FILE_VERSION) {
    throw new DataError(
      `${fileName}: plan file version ${version === undefined ? "(missing)" : JSON.stringify(version)} is not supported; this mbn-ad-sync reads ` +
        `version ${PLAN_FILE_VERSION}. Make the plan again with \`mbn-ad-sync plan --out ${fileName}\`.`,
    );
  }
  const parsed = planFile.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 10)
      .map((i) => `  - ${i.path.join(".") || "(file)"}: ${i.message}`);
    throw new DataError(`${fileName}: not a valid plan file\n${problems.join("\n")}`);
  }
  const file: PlanFile = parsed.data;
  const actual = planHash(file.plan.entries);
  if (actual !== file.plan.hash) {
    throw new DataError(
      `${fileName}: the entries do not match the plan hash ${file.plan.hash} (they hash to ${actual}); ` +
        "the file was changed after it was written. Make the plan again with `mbn-ad-sync plan --out`.",
    );
  }
  // The hash leaves a create's changes out (they are its input's fields): they are checked against the input.
  const edited = file.plan.entries.find(
    (e) =>
      e.action === "create" &&
      canonicalJson(e.changes) !== canonicalJson(createChanges(e.input, file.managedFields)),
  );
  if (edited) {
    throw new DataError(
      `${fileName}: the changes listed for the create of ${edited.externalId} are not the fields its input sets; ` +
        "the file was changed after it was written. Make the plan again with `mbn-ad-sync plan --out`.",
    );
  }
  return file;
}
