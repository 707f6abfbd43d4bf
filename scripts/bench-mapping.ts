// Measures mapUsers on synthetic AD users: node --expose-gc --import tsx scripts/bench-mapping.ts [count] [rounds]
// The machine is shared, so each mapping runs `rounds` times (default 3) and the median CPU time is shown.
import { readFile } from "node:fs/promises";
import { compileMapping, loadMapping, mapUsers } from "../src/mapping/index.js";
import { syntheticUsers } from "./bench/users.js";

const count = Number(process.argv[2] ?? 100_000);
const rounds = Number(process.argv[3] ?? 3);
const users = syntheticUsers(count);
const file = new URL("../mappings/active-directory.yaml", import.meta.url).pathname;
const full = await loadMapping(file);
// The same mapping without phone numbers, to show what E.164 parsing costs.
const text = await readFile(file, "utf8");
const noPhones = compileMapping(text.replace(/^ {2}phoneNumbers:\n( {4}.*\n)+/m, ""), file);

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1] ?? NaN;

for (const [name, mapping] of [
  ["default mapping", full],
  ["without phoneNumbers", noPhones],
] as const) {
  mapUsers(users.slice(0, 2000), mapping, "ad:"); // warm up the JIT
  const cpuMs: number[] = [];
  const wallMs: number[] = [];
  let result = mapUsers([], mapping, "ad:");
  for (let round = 0; round < rounds; round++) {
    (globalThis as { gc?: () => void }).gc?.();
    const cpu = process.cpuUsage();
    const wall = performance.now();
    result = mapUsers(users, mapping, "ad:");
    const used = process.cpuUsage(cpu);
    cpuMs.push((used.user + used.system) / 1000);
    wallMs.push(performance.now() - wall);
  }
  process.stdout.write(
    `${name}, ${count} users: ${median(cpuMs).toFixed(0)} ms CPU, ${median(wallMs).toFixed(0)} ms wall ` +
      `(median of ${rounds}: ${cpuMs.map((ms) => ms.toFixed(0)).join(", ")} ms CPU); ` +
      `${result.desired.length} contacts, ${result.warnings.length} warnings, ${result.skipped.length} skipped\n`,
  );
}
