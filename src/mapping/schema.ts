/**
 * The mapping file language as a zod schema. The schema is also the documentation: every part
 * carries a description, and `mappingJsonSchema()` turns it into the JSON Schema editors use for
 * completion (mappings/mapping.schema.json).
 */
import { isSupportedCountry } from "libphonenumber-js";
import { z } from "zod";
import { PHONE_TYPES } from "../model/contact.js";

/** LDAP attribute descriptions (RFC 4512 `descr`): a letter, then letters, digits and hyphens. */
export const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;

const attributeName = z
  .string({ error: "expected an attribute name" })
  .regex(ATTRIBUTE_NAME, {
    error: "not an attribute name: use letters, digits and hyphens, starting with a letter (e.g. givenName)",
  })
  .describe("The name of a directory attribute, e.g. givenName (case does not matter).");

const REGION_MESSAGE =
  "not a region libphonenumber knows: use an upper-case ISO 3166-1 alpha-2 code such as NO, SE or DK";
const region = z
  .string({ error: "expected a region code such as NO" })
  .regex(/^[A-Z]{2}$/, { error: REGION_MESSAGE, abort: true })
  .refine((r) => isSupportedCountry(r), { error: REGION_MESSAGE })
  .describe("An ISO 3166-1 alpha-2 region code (upper case), e.g. NO.");

/** YAML reads 0155 or yes as a number or boolean; say how to keep it text. */
const constant = (what: string) => z.string({ error: `${what} must be text; quote it, e.g. "0155"` });

export const SIMPLE_TRANSFORMS = [
  "trim",
  "lowercase",
  "uppercase",
  "collapseSpaces",
  "e164",
  "truncate",
] as const;

/** A transform's name: a built-in (SIMPLE_TRANSFORMS) or a function of the mapping's transformsModule. */
export const TRANSFORM_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

// A name that is neither built-in nor in transformsModule is reported when the mapping is compiled,
// where the module's names are known. `examples` still gives editors the built-ins to complete.
const simpleTransform = z
  .string()
  .regex(TRANSFORM_NAME, {
    error: `not a transform name; use one of ${SIMPLE_TRANSFORMS.join(", ")}, a function of transformsModule, or an object: { truncate: N }, { e164: { region: SE } }, { replace: { pattern, with } }, { default: "text" }`,
  })
  .meta({ examples: [...SIMPLE_TRANSFORMS] })
  .describe(
    "trim: remove leading and trailing spaces. lowercase / uppercase. collapseSpaces: runs of spaces become one. " +
      "e164: a phone number in E.164 (+4791234567), parsed with the mapping's region; invalid numbers are left out " +
      "with a warning, an extension is dropped with a warning. truncate: cut to the contract's limit for the field. " +
      "Any other name is a function exported by the mapping's transformsModule.",
  );

const replaceRule = z
  .strictObject({
    pattern: z.string().describe("A JavaScript regular expression; every match is replaced."),
    with: z.string().describe("The replacement; $1, $2 … insert capture groups, $& the whole match."),
    flags: z
      .string()
      .regex(/^[imsu]*$/, { error: "flags may only contain i, m, s and u" })
      .optional()
      .describe(
        "Regular expression flags: i (ignore case), m (multi-line), s (dot matches newline), u (unicode).",
      ),
  })
  .describe("Replace every match of a regular expression.");

const objectTransform = z
  .strictObject({
    truncate: z
      .int({ error: "truncate needs a whole number of characters" })
      .min(1, { error: "truncate needs at least 1 character" })
      .optional()
      .describe("Cut the value to at most this many characters."),
    e164: z
      .strictObject({
        region: region.describe("The default region for numbers written without a country code."),
      })
      .optional()
      .describe("Like e164, with its own default region."),
    replace: replaceRule.optional(),
    default: constant("default").optional().describe("Use this text when the value is empty."),
  })
  .refine((t) => Object.keys(t).length === 1, {
    error: "a transform object holds exactly one of truncate, e164, replace, default",
  })
  .meta({ minProperties: 1, maxProperties: 1 })
  .describe(
    "A transform with a parameter: { truncate: N }, { e164: { region } }, { replace: {…} } or { default: text }.",
  );

export const transformSchema = z
  .union([simpleTransform, objectTransform])
  .describe("One step applied to a value.")
  .meta({ id: "transform" });
export type TransformSpec = z.infer<typeof transformSchema>;

const transforms = z
  .array(transformSchema)
  .optional()
  .describe("Steps applied in order to the value, e.g. [trim, lowercase].");

const template = z
  .string({ error: 'a template must be text, e.g. "${givenName} ${sn}"' })
  .describe(
    'Text with ${attribute} placeholders, e.g. "${givenName} ${sn}". A missing attribute gives empty text; ' +
      "spaces are then collapsed and trimmed, and a template whose attributes are all empty is empty.",
  );

const oneSource = (keys: readonly string[]) => (v: Record<string, unknown>) =>
  keys.filter((k) => v[k] !== undefined).length === 1;

const ALTERNATIVE_KEYS = ["from", "template", "value"] as const;
const alternativeObject = z
  .strictObject({
    from: attributeName.optional().describe("Read this attribute (its first value)."),
    template: template.optional(),
    value: constant("a constant").optional().describe("A constant."),
    transforms,
  })
  .refine(oneSource(ALTERNATIVE_KEYS), { error: "give exactly one of from, template, value" })
  .describe("One alternative: from, template or value, with optional transforms.");

const shorthand = attributeName.describe("Shorthand: read this attribute, trimmed.");

export const alternativeSchema = z
  .union([shorthand, alternativeObject])
  .describe("An attribute name (read and trimmed), or an object with from, template or value.")
  .meta({ id: "alternative" });

const VALUE_KEYS = ["from", "template", "value", "first"] as const;
const valueObject = z
  .strictObject({
    from: attributeName.optional().describe("Read this attribute (its first non-empty value)."),
    template: template.optional(),
    value: constant("a constant").optional().describe("A constant, the same for every user."),
    first: z
      .array(alternativeSchema)
      .min(1, { error: "first needs at least one alternative" })
      .optional()
      .describe("Alternatives tried in order; the first non-empty one wins."),
    transforms,
  })
  .refine(oneSource(VALUE_KEYS), { error: "give exactly one of from, template, value, first" })
  .describe("Where the value comes from (from, template, value or first) and how it is transformed.");

export const valueSchema = z
  .union([shorthand, valueObject])
  .describe("An attribute name (read and trimmed), or an object with from, template, value or first.")
  .meta({ id: "value" });
export type ValueSpec = z.infer<typeof valueSchema>;

const phoneEntry = z
  .strictObject({
    type: z
      .enum(PHONE_TYPES, { error: `type must be one of ${PHONE_TYPES.join(", ")}` })
      .describe("The MBN number type."),
    from: attributeName.optional().describe("Read this attribute."),
    all: z
      .boolean()
      .optional()
      .describe(
        "With from: take every value of a multi-valued attribute (e.g. otherTelephone), not only the first.",
      ),
    template: template.optional(),
    value: constant("a constant").optional().describe("A constant number, e.g. a switchboard."),
    first: z
      .array(alternativeSchema)
      .min(1)
      .optional()
      .describe("Alternatives; the first non-empty one wins."),
    transforms,
  })
  .refine(oneSource(VALUE_KEYS), { error: "give exactly one of from, template, value, first" })
  .refine((e) => e.all !== true || e.from !== undefined, { error: "all: true needs from", path: ["all"] })
  .describe("One phone number (or, with all: true, every value of the attribute) of a given type.")
  .meta({ id: "phoneNumber" });
export type PhoneEntrySpec = z.infer<typeof phoneEntry>;

const addressSchema = z
  .strictObject({
    street: valueSchema.optional().describe("Street address, e.g. from streetAddress."),
    postalCode: valueSchema.optional().describe("Postal code, e.g. from postalCode."),
    city: valueSchema.optional().describe("City, e.g. from l."),
    country: valueSchema.optional().describe("Country as ISO 3166-1 alpha-2 (NO, SE …), e.g. from c."),
  })
  .describe("The postal address; an address whose parts are all empty is left empty (null).")
  .meta({ id: "address" });
export type AddressSpec = z.infer<typeof addressSchema>;

const text = (what: string) => valueSchema.optional().describe(what);

export const fieldsSchema = z
  .strictObject({
    firstName: text("Given name (at most 64 characters)."),
    lastName: text("Family name (at most 64 characters)."),
    displayName: text("The name shown in MBN (at most 128 characters)."),
    company: text("Company (at most 128 characters)."),
    department: text("Department (at most 128 characters)."),
    title: text("Job title (at most 128 characters)."),
    email: text("E-mail address; a value that is not an address is left out with a warning."),
    phoneNumbers: z
      .array(phoneEntry)
      .optional()
      .describe("Phone numbers in E.164; at most 5 are kept, duplicates are dropped."),
    address: addressSchema
      .optional()
      .describe("The postal address: street, postalCode, city and country (ISO 3166-1 alpha-2)."),
    notes: text("Notes (at most 1000 characters); usually edited by hand in MBN, so often left unmanaged."),
  })
  .describe(
    "The contact fields this mapping manages. A field listed here is compared and written; a field left out is " +
      "left as MBN has it. externalId is always <prefix><objectGUID> and cannot be mapped.",
  );
export type FieldsSpec = z.infer<typeof fieldsSchema>;

export const mappingSchema = z
  .strictObject({
    region: region
      .optional()
      .describe("The default region for phone numbers written without a country code, e.g. NO."),
    transformsModule: z
      .string()
      .min(1)
      .optional()
      .describe(
        "A JavaScript module (path relative to this file) whose default export, or export `transforms`, maps " +
          "names to functions (value, user) => text or null. The names can then be used in transforms lists. " +
          "Attributes the functions read from user.attributes are listed in its export `attributes`.",
      ),
    fields: fieldsSchema,
  })
  .describe("An mbn-ad-sync mapping: how a directory user becomes an MBN contact.");
export type MappingSpec = z.infer<typeof mappingSchema>;
