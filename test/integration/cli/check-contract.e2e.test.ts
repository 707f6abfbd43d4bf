import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";
import { divergentServer, freePort } from "../../helpers/local-server.js";
import { env, startFixture, type Fixture } from "./fixture.js";

let fx: Fixture;

beforeAll(async () => {
  fx = await startFixture();
});
afterAll(async () => {
  await fx.close();
});

/** The fixture's config pointed at another base URL. */
function configFor(file: string, baseUrl: string): string {
  return fx.write(file, readFileSync(fx.writeConfig(file), "utf8").replace(fx.sim.url, baseUrl));
}

describe("mbn-ad-sync check --contract", () => {
  it("exits 0 against the simulator, naming each request it made, and writes nothing", async () => {
    const config = fx.writeConfig("contract.yaml");
    fx.sim.resetStats();
    const result = await runCli(["check", "--contract", "--config", config], { env });
    expect(result.stderr).not.toContain("demo-secret");
    expect(result.stdout).toContain(`Checking ${fx.sim.url} against MBN Partner Catalog API`);
    expect(result.stdout).toContain(
      "✓ POST /oauth/v2/token (getToken): a token (password grant): answered 200",
    );
    expect(result.stdout).toContain(
      "✓ GET /catalog/enterprises/{enterpriseId}/contacts/{contactId} (getContact): a contact id that does not exist: answered 404",
    );
    expect(result.stdout).toContain("All 7 answers match the contract.");
    expect(result.stdout).not.toContain("demo-secret");
    expect(result.code).toBe(0);
    const routes = Object.keys(fx.sim.stats().byRoute);
    expect(routes.filter((r) => !r.startsWith("GET ") && r !== "POST /oauth/v2/token")).toEqual([]);
  });

  it("prints one JSON document with --json", async () => {
    const config = fx.writeConfig("contract.yaml");
    const result = await runCli(["check", "--contract", "--json", "--config", config], { env });
    const report = JSON.parse(result.stdout) as {
      version: number;
      steps: { ok: boolean; outcome: string }[];
    };
    expect(report.version).toBe(1);
    expect(report.steps).toHaveLength(7);
    expect(report.steps.every((s) => s.ok && s.outcome === "match")).toBe(true);
    expect(result.code).toBe(0);
  });

  it("exits 65 naming the difference when MBN's answers differ from the contract", async () => {
    // MBN's 404 answers carry another error code than the document's.
    const server = await divergentServer(fx.sim.url, (_path, status, body) =>
      status === 404 ? { body: { ...body, code: 40400 } } : undefined,
    );
    try {
      const config = configFor("divergent.yaml", server.url);
      const result = await runCli(["check", "--contract", "--config", config], { env });
      expect(result.stdout).toContain(
        "✗ GET /catalog/enterprises/{enterpriseId}/contacts/{contactId} (getContact): a contact id that does not exist: answered 404\n" +
          "    error code is 40400, the contract's is 40401\n",
      );
      expect(result.stdout).toContain("1 answer differs from the contract.");
      expect(result.code).toBe(65);
    } finally {
      await server.close();
    }
  });

  it("exits 69 when MBN cannot be reached", async () => {
    const config = configFor("unreachable.yaml", `http://127.0.0.1:${await freePort()}`);
    const result = await runCli(["check", "--contract", "--config", config], { env });
    expect(result.stdout).toMatch(/! POST \/oauth\/v2\/token \(getToken\): .*Cannot reach MBN/);
    expect(result.stdout).toContain(
      "1 request could not be checked (MBN unavailable or refusing); 6 requests not sent.",
    );
    expect(result.code).toBe(69);
  });
});
