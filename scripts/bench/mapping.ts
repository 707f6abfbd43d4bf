import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { compileMapping, loadMapping, mapUsers, type CompiledMapping } from "../../src/mapping/index.js";
import { phoneTuning } from "../../src/mapping/phone.js";
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

/**
 * The same mapping of `users` users with the E.164 fast path and without it (the general parser for
 * every number), alternating, median CPU of `rounds` each: what the fast path saves a sync.
 */
export async function benchPhoneFastPath(users: number, rounds = 5): Promise<BenchRow[]> {
  const population = syntheticUsers(users);
  const cpu: Record<"on" | "off", number[]> = { on: [], off: [] };
  for (let round = 0; round < rounds; round++) {
    for (const mode of ["on", "off"] as const) {
      phoneTuning.fastPath = mode === "on";
      const mapping = await loadMapping(defaultMappingFile);
      mapUsers(population.slice(0, 2000), mapping, "ad:");
      cpu[mode].push((await measure(() => mapUsers(population, mapping, "ad:"))).cpuMs);
    }
  }
  phoneTuning.fastPath = true;
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1] ?? NaN;
  const on = median(cpu.on);
  const off = median(cpu.off);
  return [
    {
      measure: `mapping ${count(users)} users, E.164 fast path on / off`,
      value: `${ms(on)} / ${ms(off)} CPU`,
      note: `off / on = ${(off / on).toFixed(2)}x; the fast path saves ${ms(off - on)} per ${count(users)} users (median of ${rounds})`,
    },
  ];
}
