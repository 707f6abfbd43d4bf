import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configJsonSchema, starterConfig } from "../../../src/config/index.js";

const schemaFile = new URL("../../../mbn-ad-sync.schema.json", import.meta.url);

describe("mbn-ad-sync.schema.json", () => {
  it("is up to date with the zod schema (regenerate: npx tsx scripts/write-config-schema.ts)", () => {
    const shipped: unknown = JSON.parse(readFileSync(schemaFile, "utf8"));
    expect(shipped).toEqual(configJsonSchema());
  });

  it("allows the $schema key editors use", () => {
    const shipped = JSON.parse(readFileSync(schemaFile, "utf8")) as {
      properties: Record<string, { type?: string }>;
      additionalProperties: boolean;
    };
    expect(shipped.properties["$schema"]?.type).toBe("string");
    expect(shipped.additionalProperties).toBe(false);
  });

  it("the starter config names the schema of the installed package on its first line", () => {
    expect(starterConfig().split("\n")[0]).toBe(
      "# yaml-language-server: $schema=./node_modules/mbn-ad-sync/mbn-ad-sync.schema.json",
    );
  });
});
