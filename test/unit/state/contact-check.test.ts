import { describe, expect, it } from "vitest";
import { contactSchema } from "../../../src/model/contact-schema.js";
import { isMirrorContact } from "../../../src/state/contact-check.js";
import { contact } from "./builders.js";

const good = contact(3);
const phone = { type: "mobile", number: "+4791234567" };
const address = { street: "Storgata 1", postalCode: "0155", city: "Oslo", country: "NO" };
const without = (key: string, from: object = good): object =>
  Object.fromEntries(Object.entries(from).filter(([k]) => k !== key));

// Each a value that JSON.parse could give for one contact, and that the schema refuses.
const refused: [string, unknown][] = [
  ["null", null],
  ["an array", [good]],
  ["a string", "c_1"],
  ["an unknown key", { ...good, nickname: "Kari" }],
  ["no version", without("version")],
  ["no notes", without("notes")],
  ["a version that is text", { ...good, version: "1" }],
  ["a fractional version", { ...good, version: 1.5 }],
  ["a numeric id", { ...good, id: 7 }],
  ["no modified", without("modified")],
  ["a number for a name", { ...good, firstName: 1 }],
  ["an object for an email", { ...good, email: {} }],
  ["phone numbers that are not a list", { ...good, phoneNumbers: phone }],
  ["a phone of unknown type", { ...good, phoneNumbers: [{ ...phone, type: "pager" }] }],
  ["a phone number that is a number", { ...good, phoneNumbers: [{ ...phone, number: 4791234567 }] }],
  ["a phone with an extra key", { ...good, phoneNumbers: [{ ...phone, primary: true }] }],
  ["a phone without its number", { ...good, phoneNumbers: [{ type: "work" }] }],
  ["a phone that is null", { ...good, phoneNumbers: [null] }],
  ["an address that is a string", { ...good, address: "Storgata 1" }],
  ["an address without its city", { ...good, address: without("city", address) }],
  ["an address with an extra key", { ...good, address: { ...address, region: "Oslo" } }],
  ["an address with a numeric postal code", { ...good, address: { ...address, postalCode: 155 } }],
  ["a contact through JSON with __proto__", JSON.parse(`{"__proto__":{},${JSON.stringify(good).slice(1)}`)],
];

const accepted: [string, unknown][] = [
  ["a full contact", good],
  ["nulls and no phones", { ...good, firstName: null, notes: null, phoneNumbers: [], address: null }],
  [
    "an address of nulls",
    { ...good, address: { street: null, postalCode: null, city: null, country: null } },
  ],
  [
    "every phone type",
    {
      ...good,
      phoneNumbers: ["mobile", "work", "home", "fax", "other"].map((type) => ({ type, number: "1" })),
    },
  ],
  ["a contact read back from JSON", JSON.parse(JSON.stringify(good))],
];

describe("isMirrorContact", () => {
  it.each(refused)("never accepts what the schema refuses: %s", (_name, value) => {
    expect(contactSchema.safeParse(value).success).toBe(false);
    expect(isMirrorContact(value)).toBe(false);
  });

  it.each(accepted)("accepts what the schema accepts: %s", (_name, value) => {
    expect(contactSchema.safeParse(value).success).toBe(true);
    expect(isMirrorContact(value)).toBe(true);
  });
});
