import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SyncReport } from "../../../src/report/index.js";
import { startSimulator, type RunningSimulator } from "../../../src/simulator/index.js";
import { repoRoot, runCli } from "../../helpers/cli.js";
import { generateUsersLdif } from "../../helpers/ldif-users.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";

const USERS = 1000;
const SEED = 20261126;
const mappingFile = join(repoRoot, "mappings/active-directory.yaml");
const env = { MBN_TEST_SECRET: "demo-secret", MBN_TEST_PASSWORD: "demo-password" };

let sim: RunningSimulator;
let dir: string;
let config: string;

beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    tokenLifetimeSeconds: 2,
    faults: {
      error503Rate: 0.08,
      lostPostRate: 0.04,
      rateLimit: { requestsPerSecond: 60, burst: 20 },
      seed: SEED,
    },
  });
  dir = await tempDir("mbn-faults-");
  const ldif = join(dir, "users.ldif");
  writeFileSync(ldif, generateUsersLdif(USERS));
  config = join(dir, "mbn-ad-sync.yaml");
  writeFileSync(
    config,
    `source:\n  type: ldif\n  file: ${ldif}\nmapping: ${mappingFile}\n` +
      `mbn:\n  baseUrl: ${sim.url}\n  clientId: demo-client\n  clientSecret: \${env:MBN_TEST_SECRET}\n` +
      `  username: api-user-1\n  password: \${env:MBN_TEST_PASSWORD}\n` +
      `  requestsPerSecond: 50\n  concurrency: 4\n` +
      `state:\n  dir: ${join(dir, "state")}\n`,
  );
});

afterAll(async () => {
  await sim.close();
  await removeTempDirs();
});

describe(`a sync of ${USERS} users through 503s, lost POST answers, 2 s tokens and a 60/s server limit`, () => {
  it("lands every contact exactly once, with under 5 % of requests answered 429", async () => {
    const first = await runCli(["sync", "--json", "--verbose", "--config", config], {
      env,
      timeoutMs: 150_000,
    });
    expect(first.signal).toBeNull();
    expect([0, 4], first.stderr.slice(-2000)).toContain(first.code);
    const firstReport = JSON.parse(first.stdout) as SyncReport;
    const afterFirst = sim.stats();
    // A create whose answer was lost is found again through the retry's 409: already present, not created.
    expect(firstReport.summary).toMatchObject({ failed: 0, alreadyPresent: afterFirst.byStatus[0] ?? 0 });
    expect(firstReport.summary.create).toBe(USERS - firstReport.summary.alreadyPresent);
    expect(firstReport.summary.skipped).toBe(0);
    // The faults did fire: answers were lost, 503s were sent, and tokens were renewed.
    expect(afterFirst.byStatus[0] ?? 0).toBeGreaterThan(0);
    expect(afterFirst.byStatus[503] ?? 0).toBeGreaterThan(0);
    expect(afterFirst.byRoute["POST /oauth/v2/token"] ?? 0).toBeGreaterThan(1);

    const second = await runCli(["sync", "--json", "--config", config], { env, timeoutMs: 90_000 });
    expect(second.code, second.stderr.slice(-2000)).toBe(0);
    const secondReport = JSON.parse(second.stdout) as SyncReport;
    expect(secondReport.failures).toEqual([]);

    const check = await runCli(["sync", "--check", "--config", config], { env, timeoutMs: 60_000 });
    expect(check.code, check.stdout + check.stderr.slice(-2000)).toBe(0);

    const contacts = sim.contacts("E1001");
    const managed = contacts.filter((c) => c.externalId?.startsWith("ad:"));
    expect(managed).toHaveLength(USERS);
    expect(new Set(managed.map((c) => c.externalId)).size).toBe(USERS);
    expect(managed.every((c) => c.phoneNumbers[0]?.number.match(/^\+47[49]\d{7}$/))).toBe(true);

    const stats = sim.stats();
    expect((stats.byStatus[429] ?? 0) / stats.requests).toBeLessThan(0.05);
  }, 300_000);
});

// The run signs in to MBN while it reads the directory. When the read fails, the sign-in it began must end
// with it: here MBN answers 503 with Retry-After: 60, so a sign-in left running would hold the process a minute.
describe("a directory that fails to read while MBN asks to retry in a minute", () => {
  it("exits at once with the directory's error (65), having asked MBN for a token", async () => {
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(`${req.method ?? ""} ${req.url ?? ""}`);
      res.writeHead(503, { "retry-after": "60", "content-type": "application/json" });
      res.end(JSON.stringify({ code: 50300, message: "down for maintenance" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const broken = join(dir, "broken.ldif");
      // 10,000 users first (a read of a tenth of a second or more), so that it fails after the sign-in has sent its request.
      writeFileSync(broken, `${generateUsersLdif(10_000)}\n a continuation line with no line above it\n`);
      const brokenConfig = join(dir, "broken.yaml");
      writeFileSync(
        brokenConfig,
        readFileSync(config, "utf8")
          .replace(/file: .*/, `file: ${broken}`)
          .replace(/baseUrl: .*/, `baseUrl: http://127.0.0.1:${port}`)
          .replace(/dir: .*/, `dir: ${join(dir, "broken-state")}`),
      );
      const run = await runCli(["sync", "--config", brokenConfig], { env, timeoutMs: 30_000 });
      expect(run.signal, "killed at the time limit: the sign-in kept the process waiting").toBeNull();
      expect(run.code, run.stderr).toBe(65);
      expect(run.stderr).toContain("broken.ldif");
      expect(requests).toEqual(["POST /oauth/v2/token"]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
