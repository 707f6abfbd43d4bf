import { z } from "zod";
import { PHONE_TYPES, type Contact, type ContactInput } from "./contact.js";

/**
 * The model's contact as a zod schema, for the files this tool writes and reads back (saved plans, the
 * mirror). Shapes only, no contract rules: a value MBN accepted must never be refused on reading it back.
 * Strict, because these files are the tool's own output: an unknown key means another format or a hand
 * edit. The wire format is checked separately, in src/mbn/.
 */
const text = z.string().nullable();

export const contactInputSchema = z.strictObject({
  externalId: text,
  firstName: text,
  lastName: text,
  displayName: text,
  company: text,
  department: text,
  title: text,
  email: text,
  phoneNumbers: z.array(z.strictObject({ type: z.enum(PHONE_TYPES), number: z.string() })),
  address: z.strictObject({ street: text, postalCode: text, city: text, country: text }).nullable(),
  notes: text,
}) satisfies z.ZodType<ContactInput>;

export const contactSchema = contactInputSchema.extend({
  id: z.string(),
  version: z.number().int(),
  modified: z.string(),
}) satisfies z.ZodType<Contact>;
