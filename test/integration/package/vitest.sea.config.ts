import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * `npm run test:package`: the single executables that `npm run package` builds into dist-sea/. Kept out of
 * `npm test` (whose config takes *.test.ts only) because building them fetches two Node binaries (~90 MB
 * packed) and writes ~230 MB; .ci/run runs it once.
 */
export default defineConfig({
  root: fileURLToPath(new URL("../../../", import.meta.url)),
  test: {
    include: ["test/integration/package/**/*.sea-test.ts"],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: "forks",
  },
});
