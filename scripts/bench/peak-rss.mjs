// Loaded with `node --import` into the CLI the benchmark runs: on exit, writes the process's peak
// resident set size (bytes) to the file named by MBN_BENCH_RSS_FILE.
import { writeFileSync } from "node:fs";

const file = process.env.MBN_BENCH_RSS_FILE;
if (file) {
  process.on("exit", () => {
    writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
  });
}
