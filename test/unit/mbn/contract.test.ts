import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import {
  ChangesPageSchema,
  ContactInputSchema,
  ContactPageSchema,
  ContactSchema,
  ErrorBodySchema,
  PhoneNumberSchema,
  AddressSchema,
  TokenResponseSchema,
  TombstoneSchema,
  UserInfoSchema,
  query,
  routes,
} from "../../../src/mbn/contract.js";
import { PHONE_TYPES } from "../../../src/model/contact.js";

type Json = Record<string, unknown>;
const doc = parse(
  readFileSync(fileURLToPath(new URL("../../../src/mbn/openapi.yaml", import.meta.url)), "utf8"),
) as Json;
const components = (doc.components as Json).schemas as Record<string, Json>;

/** The object shape of an OpenAPI schema, with $ref and allOf resolved. */
function shape(schema: Json): { properties: Record<string, Json>; required: string[] } {
  if (typeof schema.$ref === "string") return shape(components[schema.$ref.split("/").pop()!]!);
  const out = { properties: {} as Record<string, Json>, required: [] as string[] };
  for (const part of (schema.allOf as Json[] | undefined) ?? []) {
    const s = shape(part);
    Object.assign(out.properties, s.properties);
    out.required.push(...s.required);
  }
  Object.assign(out.properties, (schema.properties as Record<string, Json> | undefined) ?? {});
  out.required.push(...((schema.required as string[] | undefined) ?? []));
  return out;
}

function zodShape(schema: z.ZodType): { properties: string[]; required: string[] } {
  const js = z.toJSONSchema(schema, { io: "output", unrepresentable: "any" }) as Json;
  return {
    properties: Object.keys(js.properties as Json).sort(),
    required: ((js.required as string[] | undefined) ?? []).slice().sort(),
  };
}

function openapiShape(name: string): { properties: string[]; required: string[] } {
  const s = shape(components[name]!);
  return { properties: Object.keys(s.properties).sort(), required: [...new Set(s.required)].sort() };
}

describe("src/mbn/openapi.yaml agrees with the client's zod schemas", () => {
  it.each([
    ["Contact", ContactSchema],
    ["ContactInput", ContactInputSchema],
    ["Tombstone", TombstoneSchema],
    ["ContactPage", ContactPageSchema],
    ["ChangesPage", ChangesPageSchema],
    ["UserInfo", UserInfoSchema],
    ["TokenResponse", TokenResponseSchema],
    ["PhoneNumber", PhoneNumberSchema],
    ["Address", AddressSchema],
  ] as const)("%s has the same properties and required names", (name, schema) => {
    expect(zodShape(schema)).toEqual(openapiShape(name));
  });

  it("the error body: code and message required, errors and (on 409) existingId known", () => {
    const zs = zodShape(ErrorBodySchema);
    const error = openapiShape("Error");
    const conflict = openapiShape("ConflictError");
    expect(zs.required).toEqual(error.required);
    expect(zs.properties).toEqual(conflict.properties);
  });

  it("phone types and the tombstone marker match", () => {
    const phone = shape(components.PhoneNumber!).properties.type!;
    expect(phone.enum).toEqual([...PHONE_TYPES]);
    expect(shape(components.Tombstone!).properties.deleted).toEqual({ const: true });
  });

  it("every route and query parameter the client sends is in the document", () => {
    const paths = doc.paths as Record<string, Json>;
    const templates = Object.keys(paths).map((p) => new RegExp(`^${p.replace(/\{[^}]+\}/g, "[^/]+")}$`));
    const used = [
      routes.tokenPath,
      routes.userInfo(),
      routes.contacts("E1"),
      routes.contact("E1", "c1"),
      routes.changes("E1"),
    ];
    for (const path of used)
      expect(
        templates.some((t) => t.test(path)),
        path,
      ).toBe(true);
    expect(Object.keys(paths[`/catalog/enterprises/{enterpriseId}/contacts/{contactId}`]!)).toEqual(
      expect.arrayContaining(["get", "put", "delete"]),
    );
    const params = (doc.components as Json).parameters as Record<string, Json>;
    expect(params.Cursor!.name).toBe(query.cursor);
    expect(params.Limit!.name).toBe(query.limit);
    expect((params.Limit!.schema as Json).maximum).toBe(query.maxLimit);
    const changes = (paths["/catalog/enterprises/{enterpriseId}/contacts/changes"]!.get as Json)
      .parameters as Json[];
    expect(changes.some((p) => p.name === query.since && p.in === "query")).toBe(true);
  });
});
