import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { compileMapping, loadMapping, mapUsers, type CompiledMapping } from "../../src/mapping/index.js";
import type { DesiredContact } from "../../src/model/desired.js";
import { measure } from "./measure.js";
import { count, ms, type BenchRow } from "./table.js";
import { syntheticUsers } from "./users.js";

export const defaultMappingFile = fileURLToPath(
  new URL("../../mappings/active-directory.yaml", import.meta.url),
);

export interface MappingBench {
  rows: BenchRow[];
  mapping: CompiledMapping;
  desired: DesiredContact[];
}

/** mapUsers over `users` synthetic users, with the default mapping and without its phone numbers. */
export async function benchMapping(users: number): Promise<MappingBench> {
  const population = syntheticUsers(users);
  const mapping = await loadMapping(defaultMappingFile);
  // The same mapping without phone numbers, to show what E.164 parsing costs.
  const text = await readFile(defaultMappingFile, "utf8");
  const noPhones = compileMapping(text.replace(/^ {2}phoneNumbers:\n( {4}.*\n)+/m, ""), defaultMappingFile);

  mapUsers(population.slice(0, 2000), mapping, "ad:"); // warm up the JIT
  const full = await measure(() => mapUsers(population, mapping, "ad:"));
  mapUsers(population.slice(0, 2000), noPhones, "ad:");
  const bare = await measure(() => mapUsers(population, noPhones, "ad:"));

  const result = full.result;
  return {
    mapping,
    desired: result.desired,
    rows: [
      {
        measure: `mapping ${count(users)} users, default mapping`,
        value: `${ms(full.cpuMs)} CPU`,
        note:
          `goal < 1,000 ms CPU: ${full.cpuMs < 1000 ? "met" : "MISSED"}; ` +
          `${ms(full.wallMs)} wall; ${count(result.desired.length)} contacts, ` +
          `${count(result.warnings.length)} warnings, ${count(result.skipped.length)} skipped; ` +
          `${count(Math.round(users / (full.cpuMs / 1000)))} users/CPU-s`,
      },
      {
        measure: `mapping ${count(users)} users, without phoneNumbers`,
        value: `${ms(bare.cpuMs)} CPU`,
        note: `${ms(bare.wallMs)} wall; default / without = ${(full.cpuMs / bare.cpuMs).toFixed(2)}x (E.164 parsing)`,
      },
    ],
  };
}
