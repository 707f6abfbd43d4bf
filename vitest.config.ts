import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Records and stops the shared Samba AD DC; starts nothing unless an AD test asks for it.
    globalSetup: ["test/helpers/samba-global-setup.ts"],
  },
});
