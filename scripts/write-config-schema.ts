// Regenerates mbn-ad-sync.schema.json from the config's zod schema: npx tsx scripts/write-config-schema.ts
import { writeFile } from "node:fs/promises";
import { format } from "prettier";
import { configJsonSchema } from "../src/config/index.js";

const target = new URL("../mbn-ad-sync.schema.json", import.meta.url);
await writeFile(
  target,
  await format(JSON.stringify(configJsonSchema()), { parser: "json", printWidth: 110 }),
);
