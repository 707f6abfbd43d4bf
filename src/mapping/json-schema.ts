import { z } from "zod";
import { mappingSchema } from "./schema.js";

/**
 * The JSON Schema of mapping files, for editors (yaml-language-server). Written to
 * mappings/mapping.schema.json by scripts/write-mapping-schema.ts; a test keeps the two equal.
 */
export function mappingJsonSchema(): object {
  return {
    ...z.toJSONSchema(mappingSchema, { target: "draft-7", io: "input", unrepresentable: "any" }),
    title: "mbn-ad-sync mapping",
  };
}
