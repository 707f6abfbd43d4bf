// Regenerates mappings/mapping.schema.json from the zod schema: npx tsx scripts/write-mapping-schema.ts
import { writeFile } from "node:fs/promises";
import { format } from "prettier";
import { mappingJsonSchema } from "../src/mapping/index.js";

const target = new URL("../mappings/mapping.schema.json", import.meta.url);
await writeFile(
  target,
  await format(JSON.stringify(mappingJsonSchema()), { parser: "json", printWidth: 110 }),
);
