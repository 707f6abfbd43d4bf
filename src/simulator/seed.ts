import type { Contact, ContactInput } from "../model/contact.js";
import { UsageError } from "../model/errors.js";
import { ApiError } from "./http.js";
import type { ResolvedOptions } from "./options.js";
import type { ContactStore } from "./store.js";
import { parseContactInput } from "./validate.js";

/** Contacts put straight into the store, as if typed in MBN; a bad one is a UsageError naming it. */
export function seedContacts(
  store: ContactStore,
  options: ResolvedOptions,
  enterpriseId: string,
  inputs: ContactInput[],
): Contact[] {
  if (!options.enterprises.some((e) => e.enterpriseId === enterpriseId)) {
    throw new UsageError(`Cannot seed contacts: the simulator has no enterprise ${enterpriseId}`);
  }
  return inputs.map((input, index) => {
    try {
      return structuredClone(store.create(enterpriseId, parseContactInput(input)));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const details = (error.body().errors as { field: string; message: string }[] | undefined) ?? [];
      const fields = details.map((e) => `${e.field} ${e.message}`).join("; ");
      throw new UsageError(`Cannot seed contact #${index}: ${error.message}${fields ? ` (${fields})` : ""}`);
    }
  });
}
