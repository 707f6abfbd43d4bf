// Measures mapUsers on synthetic AD users: node --expose-gc --import tsx scripts/bench-mapping.ts [count]
import { readFile } from "node:fs/promises";
import { compileMapping, loadMapping, mapUsers } from "../src/mapping/index.js";
import { syntheticUsers } from "./bench/users.js";

const count = Number(process.argv[2] ?? 100_000);
const users = syntheticUsers(count);
const file = new URL("../mappings/active-directory.yaml", import.meta.url).pathname;
const full = await loadMapping(file);
// The same mapping without phone numbers, to show what E.164 parsing costs.
const text = await readFile(file, "utf8");
const noPhones = compileMapping(text.replace(/^ {2}phoneNumbers:\n( {4}.*\n)+/m, ""), file);

for (const [name, mapping] of [
  ["default mapping", full],
  ["without phoneNumbers", noPhones],
] as const) {
  mapUsers(users.slice(0, 2000), mapping, "ad:"); // warm up the JIT
  (globalThis as { gc?: () => void }).gc?.();
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const result = mapUsers(users, mapping, "ad:");
  const used = process.cpuUsage(cpu);
  const ms = (used.user + used.system) / 1000;
  process.stdout.write(
    `${name}, ${count} users: ${ms.toFixed(0)} ms CPU, ${(performance.now() - wall).toFixed(0)} ms wall; ` +
      `${result.desired.length} contacts, ${result.warnings.length} warnings, ${result.skipped.length} skipped\n`,
  );
}
