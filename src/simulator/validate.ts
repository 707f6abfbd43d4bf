import { z } from "zod";
import { FIELD_LIMITS, MAX_PHONE_NUMBERS, PHONE_TYPES } from "../model/contact.js";
import type { ContactInput } from "../model/contact.js";
import { validationError } from "./http.js";
import type { FieldError } from "./http.js";

const E164 = /^\+[1-9]\d{6,14}$/;
// The contract asks only that an address "look like" one; the stricter RFC shapes refuse real addresses.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const COUNTRY = /^[A-Z]{2}$/;

function text(max?: number) {
  const string = z.string({ error: "must be a string or null" });
  const bounded =
    max === undefined ? string : string.max(max, { error: `must be at most ${max} characters` });
  return bounded.nullish().transform((v) => v ?? null);
}

const phoneSchema = z.object(
  {
    type: z.enum(PHONE_TYPES, { error: `must be one of ${PHONE_TYPES.join(", ")}` }),
    number: z
      .string({ error: "must be a string" })
      .regex(E164, { error: "must be in E.164 form, e.g. +4791234567" }),
  },
  { error: "must be an object { type, number }" },
);

const addressSchema = z.object(
  {
    // The contract sets no lengths on the address lines.
    street: text(),
    postalCode: text(),
    city: text(),
    country: text().refine((v) => v === null || COUNTRY.test(v), {
      error: "must be an ISO 3166-1 alpha-2 code, e.g. NO",
    }),
  },
  { error: "must be an object { street, postalCode, city, country } or null" },
);

// z.object drops unknown members, which is what the contract asks of the server.
const contactInputSchema = z.object({
  externalId: text(FIELD_LIMITS.externalId).refine((v) => v !== "", {
    error: "must not be empty; send null for no externalId",
  }),
  firstName: text(FIELD_LIMITS.firstName),
  lastName: text(FIELD_LIMITS.lastName),
  displayName: text(FIELD_LIMITS.displayName),
  company: text(FIELD_LIMITS.company),
  department: text(FIELD_LIMITS.department),
  title: text(FIELD_LIMITS.title),
  email: text(FIELD_LIMITS.email).refine((v) => v === null || EMAIL_SHAPE.test(v), {
    error: "must be an e-mail address",
  }),
  phoneNumbers: z
    .array(phoneSchema, { error: "must be an array" })
    .max(MAX_PHONE_NUMBERS, { error: `must hold at most ${MAX_PHONE_NUMBERS} numbers` })
    .nullish()
    .transform((v) => v ?? []),
  address: addressSchema.nullish().transform((v) => v ?? null),
  notes: text(FIELD_LIMITS.notes),
});

function fieldName(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`))
    .join("");
}

function hasName(body: Record<string, unknown>): boolean {
  return ["firstName", "lastName", "displayName"].some((key) => {
    const value = body[key];
    return typeof value === "string" && value.trim() !== "";
  });
}

/** Parses a POST/PUT body into a full ContactInput (missing fields become null or []), or throws 400 40001. */
export function parseContactInput(body: unknown): ContactInput {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw validationError([], "The request body must be a JSON object (a ContactInput)");
  }
  const record = body as Record<string, unknown>;
  const result = contactInputSchema.safeParse(record);
  const errors: FieldError[] = result.success
    ? []
    : result.error.issues.map((issue) => ({ field: fieldName(issue.path), message: issue.message }));
  if (!hasName(record)) {
    errors.push({
      field: "displayName",
      message: "at least one of firstName, lastName, displayName must be non-empty",
    });
  }
  if (!result.success || errors.length > 0) {
    throw validationError(errors, `The contact is invalid: ${errors.map((e) => e.field).join(", ")}`);
  }
  return result.data;
}
