import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../helpers/cli.js";

/** `npm run demo` is the README's first command: it must keep working (on the dist/ that `npm test` builds). */
describe("the demo", () => {
  it("syncs the sample, shows drift and repairs it, and exits 0", async () => {
    const child = spawn(process.execPath, [join(repoRoot, "scripts/demo.mjs")], {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (out += d));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(out).toContain("Would create 49 contacts:");
    expect(out).toContain("MBN is in step with the directory: nothing to do.");
    expect(out).toContain('title: "Sjef for alt" → "Daglig leder"');
    expect(out).toMatch(
      /MBN now holds 49 contacts; Kari Nordmann: title "Daglig leder", notes "Ring etter kl\. 9"\./,
    );
    expect(code).toBe(0);
  });
});
