import { emptyContactInput, type ContactInput } from "../../src/model/contact.js";

/** Person number `n` as a contact input: names, email, externalId and mobile all derived from `n`. */
export function person(n: number, extra: Partial<ContactInput> = {}): ContactInput {
  return {
    ...emptyContactInput(),
    externalId: `ad:${String(n).padStart(6, "0")}`,
    firstName: `First${n}`,
    lastName: `Last${n}`,
    displayName: `First${n} Last${n}`,
    email: `user${n}@example.com`,
    phoneNumbers: [{ type: "mobile", number: `+479${String(1000000 + n).slice(-7)}` }],
    ...extra,
  };
}
