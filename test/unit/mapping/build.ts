/** Builders for the mapping tests. */
import { readFileSync } from "node:fs";
import { compileMapping, type CompiledMapping, type UserMapping } from "../../../src/mapping/index.js";
import type { ManagedValues } from "../../../src/model/contact.js";
import type { SourceUser } from "../../../src/source/types.js";

export const GUID = "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f";

/** A user with the given attributes (names in any case, a string or a list of values). */
export function user(
  attributes: Record<string, string | string[]>,
  options: { guid?: string | null; dn?: string } = {},
): SourceUser {
  const attrs: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(attributes))
    attrs[name.toLowerCase()] = Array.isArray(value) ? value : [value];
  return {
    dn: options.dn ?? "CN=Test User,OU=Staff,DC=corp,DC=example",
    guid: options.guid === undefined ? GUID : options.guid,
    attributes: attrs,
  };
}

/** A mapping from YAML lines; `fields` is indented under `fields:`. */
export function mapping(fields: string, head = "region: NO"): CompiledMapping {
  const body = fields
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
  return compileMapping(`${head}\nfields:\n  firstName: givenName\n${body}\n`, "test.yaml");
}

export function fieldsOf(result: UserMapping): ManagedValues {
  if ("skip" in result) throw new Error(`expected a contact, got a skip: ${result.skip.reason}`);
  return result.contact.fields;
}

export function messages(result: UserMapping): string[] {
  return result.warnings.map((w) => `${w.field}: ${w.message}`);
}

const defaultMappingFile = new URL("../../../mappings/active-directory.yaml", import.meta.url);
/** The shipped default mapping. */
export const ad = compileMapping(readFileSync(defaultMappingFile, "utf8"), "mappings/active-directory.yaml");

/** A complete user as the default mapping reads them. */
export const kari = {
  sAMAccountName: "kari",
  givenName: "Kari",
  sn: "Nordmann",
  displayName: "Kari Nordmann",
  mail: "kari.nordmann@eksempel.no",
  mobile: "+47 900 12 345",
  telephoneNumber: "22 00 00 01",
  title: "Engineer",
  department: "IT",
  company: "Eksempel AS",
  streetAddress: "Storgata 1",
  postalCode: "0155",
  l: "Oslo",
  c: "NO",
};
