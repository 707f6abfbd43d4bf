/**
 * `npm run bench`: the figures of the sync's hot paths side by side, in one run (a few minutes), each
 * goal beside its figure. The dry runs are of the built CLI (run `npm run build` first), each in its
 * own process with its data generated in a temporary directory. The LDAP source is not measured
 * here: it needs the throwaway Samba AD DC of the test harness, see scripts/bench-ldap.ts.
 */
import os from "node:os";
import {
  benchLdif,
  benchMapping,
  benchPlan,
  benchWrites,
  benchScale,
  renderTable,
  type BenchRow,
} from "./bench/index.js";

const started = performance.now();
const rows: BenchRow[] = [];
const step = (what: string) => process.stderr.write(`${what}…\n`);

step("mapping 100,000 users");
const mapped = await benchMapping(100_000);
rows.push(...mapped.rows);

step("planning 100,000 against 100,000");
rows.push(await benchPlan(mapped.desired, mapped.mapping.managedFields));

step("reading an LDIF of 20,000 users");
rows.push(await benchLdif(20_000));

step("writing to the simulator");
rows.push(await benchWrites({ writes: 1000, latencyMs: 20, requestsPerSecond: 100, concurrency: 8 }));

rows.push(...(await benchScale(step)));

rows.push({
  measure: "LDAP source (ldapts) vs ldapsearch",
  value: "skipped",
  note: "goal <= 1.2x ldapsearch; needs the Samba AD DC harness: npx tsx scripts/bench-ldap.ts 2500 7",
});

process.stdout.write(
  `mbn-ad-sync bench ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ` +
    `${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "?"}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}\n\n` +
    renderTable(rows) +
    `\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
);
