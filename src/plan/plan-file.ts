import { z } from "zod";
import { MANAGEABLE_FIELDS } from "../model/contact.js";
import { contactInputSchema } from "../model/contact-schema.js";
import type { ManagedField } from "../model/contact.js";
import { DataError } from "../model/errors.js";
import { planHash } from "./hash.js";
import type { Plan } from "./types.js";

/** The plan file written by `plan --out` and read by `apply`. Bump on any incompatible change. */
export const PLAN_FILE_VERSION = 1;

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
  // Written by 0.1.0, whose sources could in theory report a partial read; always true there, ignored now.
  sourceComplete: z.literal(true).optional(),
  plan: z.strictObject({
    entries: z.array(entry),
    unchanged: count,
    kept: count,
    deletesWithheld: z.literal(0).optional(),
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
  // Keys of older files that mean nothing now are dropped here, not carried along.
  const { sourceComplete: _complete, plan: parsedPlan, ...rest } = parsed.data;
  const { deletesWithheld: _withheld, ...plan } = parsedPlan;
  const file: PlanFile = { ...rest, plan };
  const actual = planHash(file.plan.entries);
  if (actual !== file.plan.hash) {
    throw new DataError(
      `${fileName}: the entries do not match the plan hash ${file.plan.hash} (they hash to ${actual}); ` +
        "the file was changed after it was written. Make the plan again with `mbn-ad-sync plan --out`.",
    );
  }
  return file;
}
