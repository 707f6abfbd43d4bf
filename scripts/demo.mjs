// `npm run demo`: a full sync of the bundled LDIF sample into the bundled MBN simulator, shown step by step.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { startSimulator } from "../dist/simulator/index.js";
import { createMbnClient } from "../dist/mbn/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const config = join(root, "examples", "demo", "mbn-ad-sync.yaml");
const stateDir = mkdtempSync(join(tmpdir(), "mbn-ad-sync-demo-"));

function run(title, args) {
  process.stdout.write(`\n\x1b[1m━━ ${title}\x1b[0m\n$ mbn-ad-sync ${args.join(" ")}\n\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(root, "bin", "mbn-ad-sync.js"), ...args, "--config", config],
      {
        stdio: "inherit",
        env: { ...process.env, ...demoEnv },
      },
    );
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
}

const sim = await startSimulator({ port: 0 });
const demoEnv = {
  MBN_BASE_URL: sim.url,
  MBN_CLIENT_SECRET: "demo-secret",
  MBN_PASSWORD: "demo-password",
  MBN_AD_SYNC_STATE_DIR: stateDir,
};
process.stdout.write(`MBN simulator listening on ${sim.url} (enterprise E1001, empty directory)\n`);

/** Runs the steps in order; false as soon as one ends with another exit code than expected. */
async function runSteps(steps) {
  for (const [title, args, expected] of steps) {
    const code = await run(title, args);
    process.stdout.write(`\n(exit code ${code})\n`);
    if (code !== expected) {
      process.stderr.write(`demo: expected exit code ${expected}, got ${code}\n`);
      return false;
    }
  }
  return true;
}

let ok = false;
try {
  ok = await runSteps([
    ["1. What would change (dry run)", ["sync", "--dry-run"], 0],
    ["2. Sync", ["sync"], 0],
    ["3. Sync again: nothing left to do", ["sync", "--check"], 0],
  ]);
  if (ok) {
    // Someone edits a synced contact by hand in an MBN admin tool: the title is AD's to decide, the
    // notes are not managed by the mapping and are kept.
    const kari = sim.contacts("E1001").find((c) => c.firstName === "Kari");
    const mbn = createMbnClient({
      baseUrl: sim.url,
      clientId: "demo-client",
      clientSecret: "demo-secret",
      username: "api-user-1",
      password: "demo-password",
    });
    await mbn.updateContact(kari.id, { ...kari, title: "Sjef for alt", notes: "Ring etter kl. 9" });
    await mbn.close();
    process.stdout.write(
      `\n(${kari.displayName}'s contact was edited by hand in MBN: new title, and a note)\n`,
    );
    ok = await runSteps([
      ["4. A hand edit is drift: --check exits 2", ["sync", "--check"], 2],
      ["5. Sync puts AD's title back and keeps the note", ["sync"], 0],
    ]);
    const after = sim.contacts("E1001").find((c) => c.id === kari.id);
    process.stdout.write(
      `\nMBN now holds ${sim.contacts("E1001").length} contacts; ` +
        `${after.displayName}: title "${after.title}", notes "${after.notes}".\n`,
    );
  }
} finally {
  await sim.close();
  rmSync(stateDir, { recursive: true, force: true });
}
process.exitCode = ok ? 0 : 1;
