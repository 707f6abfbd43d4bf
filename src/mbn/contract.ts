/**
 * Contract v1 of the MBN Catalog API, as described in src/mbn/openapi.yaml (why it is shaped so:
 * docs/ARCHITECTURE.md): every path, wire field name and error code the client relies on lives
 * here, so the real swagger only changes this file (and openapi.yaml).
 */
import { z } from "zod";
import { PHONE_TYPES } from "../model/contact.js";

const seg = encodeURIComponent;

/** Paths relative to the configured baseUrl. */
export const routes = {
  tokenPath: "/oauth/v2/token",
  userInfo: () => "/catalog/userInfo",
  /** Read only by `check --contract`: the sync needs no more than userInfo's enterpriseId. */
  enterpriseOfGroup: (groupId: string) => `/catalog/groups/${seg(groupId)}/enterprise`,
  contacts: (enterpriseId: string) => `/catalog/enterprises/${seg(enterpriseId)}/contacts`,
  contact: (enterpriseId: string, id: string) =>
    `/catalog/enterprises/${seg(enterpriseId)}/contacts/${seg(id)}`,
  changes: (enterpriseId: string) => `/catalog/enterprises/${seg(enterpriseId)}/contacts/changes`,
} as const;

/** Query parameter names and the largest page the API serves. */
export const query = { cursor: "cursor", limit: "limit", since: "since", maxLimit: 1000 } as const;

/** The If-Match header carries the version as a quoted string. */
export const ifMatchHeader = (version: number): string => `"${version}"`;

/** Gateway error codes the client acts on. */
export const errorCodes = {
  missingToken: 40102,
  invalidToken: 40105,
  expiredToken: 40106,
  badClient: 40108,
  badUser: 40002,
  notFound: 40401,
} as const;

/** A fresh token may fix these 401s; anything else is final. */
export const renewableTokenCodes: readonly number[] = [
  errorCodes.missingToken,
  errorCodes.invalidToken,
  errorCodes.expiredToken,
];

/** Statuses worth another attempt: quota, server trouble and proxies in front of it. */
export const retryableStatuses: readonly number[] = [429, 500, 502, 503, 504];

const str = z.string();
const nstr = z.string().nullable();

export const TokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive(),
});

export const ErrorBodySchema = z.object({
  code: z.number(),
  message: z.string(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  existingId: z.string().optional(),
});

export const UserInfoSchema = z.object({
  username: str,
  enterpriseId: str,
  groupId: str,
  role: str,
});

export const PhoneNumberSchema = z.object({ type: z.enum(PHONE_TYPES), number: str });

export const AddressSchema = z.object({
  street: nstr,
  postalCode: nstr,
  city: nstr,
  country: nstr,
});

export const ContactInputSchema = z.object({
  externalId: nstr,
  firstName: nstr,
  lastName: nstr,
  displayName: nstr,
  company: nstr,
  department: nstr,
  title: nstr,
  email: nstr,
  phoneNumbers: z.array(PhoneNumberSchema),
  address: AddressSchema.nullable(),
  notes: nstr,
});

export const ContactSchema = ContactInputSchema.extend({
  id: str,
  version: z.number().int(),
  modified: str,
});

export const TombstoneSchema = z.object({
  id: str,
  deleted: z.literal(true),
  modified: str,
});

export const ContactPageSchema = z.object({
  contacts: z.array(ContactSchema),
  nextCursor: nstr,
});

export const ChangesPageSchema = z.object({
  changes: z.array(z.union([TombstoneSchema, ContactSchema])),
  nextCursor: nstr,
  serverTime: str,
});
