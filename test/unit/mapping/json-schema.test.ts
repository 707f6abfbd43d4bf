import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { mappingJsonSchema } from "../../../src/mapping/index.js";

describe("mappings/mapping.schema.json", () => {
  it("is up to date with the zod schema (regenerate: npx tsx scripts/write-mapping-schema.ts)", () => {
    const shipped: unknown = JSON.parse(
      readFileSync(new URL("../../../mappings/mapping.schema.json", import.meta.url), "utf8"),
    );
    expect(shipped).toEqual(mappingJsonSchema());
  });

  it("describes the fields and forbids unknown ones", () => {
    const schema = mappingJsonSchema() as {
      properties: {
        fields: { properties: Record<string, { description?: string }>; additionalProperties: boolean };
      };
    };
    const fields = schema.properties.fields;
    expect(Object.keys(fields.properties)).toEqual([
      "firstName",
      "lastName",
      "displayName",
      "company",
      "department",
      "title",
      "email",
      "phoneNumbers",
      "address",
      "notes",
    ]);
    expect(fields.additionalProperties).toBe(false);
    for (const [name, field] of Object.entries(fields.properties))
      expect(field.description, name).toBeTruthy();
  });

  it("the shipped mappings name the schema on their first line", () => {
    const line = readFileSync(
      new URL("../../../mappings/active-directory.yaml", import.meta.url),
      "utf8",
    ).split("\n")[0];
    expect(line).toBe("# yaml-language-server: $schema=./mapping.schema.json");
  });
});
