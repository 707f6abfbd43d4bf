import type { ContactInput } from "../model/contact.js";
import type { AuthenticatedCalls, Call } from "./authenticated-call.js";
import { ContactInputSchema, ContactSchema, routes } from "./contract.js";
import { MbnApiError } from "./errors.js";
import type { MbnClient } from "./types.js";
import { apiError, parseAnswer } from "./wire.js";

export type ContactCalls = Pick<
  MbnClient,
  "getContact" | "createContact" | "updateContact" | "deleteContact"
>;

/**
 * Reading and writing single contacts. A create whose answer was lost meets a 409 naming the
 * existing id on its retry; that 409 is thrown as is, and the writer decides whether it was ours.
 */
export function contactCalls(calls: AuthenticatedCalls, enterpriseId: () => Promise<string>): ContactCalls {
  return {
    async getContact(id) {
      const c: Call = { method: "GET", path: routes.contact(await enterpriseId(), id) };
      const res = await calls.send(c);
      if (res.status === 404) return null;
      if (res.status !== 200) throw apiError(res, c);
      return parseAnswer(res, ContactSchema, c);
    },

    async createContact(input) {
      const c: Call = { method: "POST", path: routes.contacts(await enterpriseId()), body: wireInput(input) };
      const res = await calls.send(c);
      if (res.status === 201 || res.status === 200) return parseAnswer(res, ContactSchema, c);
      throw apiError(res, c);
    },

    async updateContact(id, input, ifMatchVersion) {
      const path = routes.contact(await enterpriseId(), id);
      return calls.json(
        { method: "PUT", path, body: wireInput(input), ifMatch: ifMatchVersion },
        200,
        ContactSchema,
      );
    },

    async deleteContact(id, ifMatchVersion) {
      const c: Call = {
        method: "DELETE",
        path: routes.contact(await enterpriseId(), id),
        ifMatch: ifMatchVersion,
      };
      const res = await calls.send(c);
      if (res.status !== 204 && res.status !== 200) throw apiError(res, c);
    },
  };
}

/** Only contract fields go out, whatever the caller hands in (e.g. a whole stored Contact). */
function wireInput(input: ContactInput): ContactInput {
  const parsed = ContactInputSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new MbnApiError({
    method: "",
    path: "(contact input)",
    status: 0,
    message: `not sent: field "${issue?.path.map(String).join(".") ?? ""}": ${issue?.message ?? "invalid"}`,
  });
}
