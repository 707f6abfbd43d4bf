// The single executables' entry point (scripts/package.mjs bundles it as CommonJS, as Node's SEA runs
// it). src/cli/main.ts awaits at the top level, which a CommonJS bundle cannot hold; this is the same call.
import { runCli } from "../src/cli/run-cli.js";

void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
