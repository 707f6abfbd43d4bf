import { describe, expect, it } from "vitest";
import { runScript } from "../../helpers/cli.js";

/** `npm run demo` is the README's first command: it must keep working (on the dist/ that `npm test` builds). */
describe("the demo", () => {
  it("syncs the sample, shows drift and repairs it, and exits 0", async () => {
    const result = await runScript("scripts/demo.mjs");
    const out = result.stdout + result.stderr;
    expect(out).toContain("Would create 49 contacts:");
    expect(out).toContain("MBN is in step with the directory: nothing to do.");
    expect(out).toContain('title: "Sjef for alt" → "Daglig leder"');
    expect(out).toMatch(
      /MBN now holds 49 contacts; Kari Nordmann: title "Daglig leder", notes "Ring etter kl\. 9"\./,
    );
    expect(result.code).toBe(0);
  });
});
