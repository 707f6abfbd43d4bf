import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../helpers/cli.js";
import { env, ldif, PASSWORD, SECRET, startFixture, type Fixture } from "./fixture.js";

let fx: Fixture;
let config: string;

beforeAll(async () => {
  fx = await startFixture();
  config = fx.writeConfig("mbn-ad-sync.yaml");
  fx.sim.seed("E1001", [
    { ...contact("Hand", "Made"), externalId: null },
    { ...contact("Synced", "Before"), externalId: "ad:0b8f5e4e-0000-4000-8000-000000000001" },
  ]);
});
afterAll(async () => {
  await fx.close();
});

function contact(firstName: string, lastName: string) {
  return {
    firstName,
    lastName,
    displayName: `${firstName} ${lastName}`,
    email: null,
    phoneNumbers: [],
    title: null,
    department: null,
    company: null,
    address: null,
    notes: null,
  };
}

interface CheckJson {
  version: number;
  checks: { name: string; ok: boolean; detail: string; skipped?: boolean }[];
}

const NAMES = ["config", "mapping", "source", "mbn-token", "mbn-userinfo", "mbn-contacts"];

describe("mbn-ad-sync check", () => {
  it("passes every check against the simulator and the demo LDIF, naming what it found", async () => {
    const result = await runCli(["check", "--config", config], { env });
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toContain(`✓ Configuration: loaded ${config}`);
    expect(out).toMatch(/✓ Mapping: .*active-directory\.yaml: manages firstName, lastName, displayName/);
    expect(out).toContain(
      `✓ Directory source: LDIF file ${ldif}: parsed, every entry (no source.baseDns): 49 users in scope, ` +
        "1 disabled left out (source.disabledAccounts: exclude)",
    );
    expect(out).toContain(
      `✓ MBN token: from ${fx.sim.url}/oauth/v2/token for client "demo-client", user "api-user-1"`,
    );
    expect(out).toMatch(/✓ MBN catalog\/userInfo: username api-user-1, enterpriseId E1001, role \S+/);
    expect(out).toContain(
      '✓ MBN contacts: enterprise E1001: 2 contacts, 1 managed (externalId prefix "ad:"), 1 not managed',
    );
    expect(out).toContain("All checks passed.");
    expect(out + result.stderr).not.toContain(SECRET);
    expect(out + result.stderr).not.toContain(PASSWORD);
  });

  it("--json gives { version: 1, checks: [{ name, ok, detail }] }", async () => {
    const result = await runCli(["check", "--json", "--config", config], { env });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const json = JSON.parse(result.stdout) as CheckJson;
    expect(json.version).toBe(1);
    expect(json.checks.map((c) => c.name)).toEqual(NAMES);
    for (const c of json.checks) {
      expect(Object.keys(c)).toEqual(["name", "ok", "detail"]);
      expect(c.ok, c.name).toBe(true);
    }
  });

  it("a wrong client secret fails the token check with exit 69, without the secret in the output", async () => {
    const wrong = "not-the-secret-7f3a9c";
    const result = await runCli(["check", "--config", config], { env: { ...env, MBN_TEST_SECRET: wrong } });
    expect(result.code).toBe(69);
    expect(result.stdout).toContain("✓ Configuration");
    expect(result.stdout).toContain("✓ Directory source");
    expect(result.stdout).toMatch(/✗ MBN token: MBN refused the client id "demo-client" or its secret/);
    expect(result.stdout).toContain("– MBN catalog/userInfo: not checked: needs a token");
    expect(result.stdout).toContain("1 check failed, 2 not run.");
    expect(result.stdout + result.stderr).not.toContain(wrong);

    const json = JSON.parse(
      (await runCli(["check", "--json", "--config", config], { env: { ...env, MBN_TEST_SECRET: wrong } }))
        .stdout,
    ) as CheckJson;
    expect(json.checks.map((c) => [c.name, c.ok, c.skipped ?? false])).toEqual([
      ["config", true, false],
      ["mapping", true, false],
      ["source", true, false],
      ["mbn-token", false, false],
      ["mbn-userinfo", false, true],
      ["mbn-contacts", false, true],
    ]);
  });

  it("a broken mapping fails with exit 78, naming file, key and line, and the other checks still run", async () => {
    const mapping = fx.write("broken.yaml", "fields:\n  firstName: givenName\n  titel: title\n");
    const broken = fx.writeConfig("broken-mapping.yaml", { mapping });
    const result = await runCli(["check", "--config", broken], { env });
    expect(result.code).toBe(78);
    expect(result.stdout).toContain(`✗ Mapping: ${mapping}: 1 problem`);
    expect(result.stdout).toMatch(
      / {4} {2}- fields\.titel \(line 3\): unknown key "titel"; did you mean "title"\?/,
    );
    expect(result.stdout).toContain("✓ MBN contacts");
  });

  it("a configuration that does not load fails with exit 78 and runs nothing else", async () => {
    const result = await runCli(["check", "--json", "--config", config], {
      env: { MBN_TEST_SECRET: SECRET },
    });
    expect(result.code).toBe(78);
    const json = JSON.parse(result.stdout) as CheckJson;
    expect(json.checks[0]).toMatchObject({ name: "config", ok: false });
    expect(json.checks[0]?.detail).toContain("MBN_TEST_PASSWORD");
    expect(json.checks.slice(1).every((c) => c.skipped === true)).toBe(true);
  });

  it("0 users in scope is a failure (78) naming the LDIF file and the base DNs that left everyone out", async () => {
    const base = "OU=Staff,DC=corp,DC=example";
    const narrowed = fx.write(
      "narrowed.yaml",
      readFileSync(config, "utf8").replace("  type: ldif\n", `  type: ldif\n  baseDns: ["${base}"]\n`),
    );
    const result = await runCli(["check", "--config", narrowed], { env });
    expect(result.code).toBe(78);
    expect(result.stdout).toContain(
      `✗ Directory source: LDIF file ${ldif}: parsed, entries under "${base}" (source.baseDns): 0 users in scope. ` +
        `Look at source.file (is it the export you meant?) and source.baseDns: users must be at or below one of "${base}"; ` +
        "an LDIF source honours source.file, source.baseDns and source.disabledAccounts",
    );
    expect(result.stdout).not.toContain("All checks passed");
    expect(result.stdout).toContain("1 check failed.");
  });

  it("an LDIF file without any user entry is unusable input (65)", async () => {
    const groups = fx.write(
      "groups.ldif",
      "dn: CN=Staff,DC=corp,DC=example\nobjectClass: group\ncn: Staff\n",
    );
    const result = await runCli(["check", "--config", fx.writeConfig("groups.yaml", { ldif: groups })], {
      env,
    });
    expect(result.code).toBe(65);
    expect(result.stdout).toContain(
      `✗ Directory source: LDIF file ${groups}: parsed, every entry (no source.baseDns): 0 users in scope.`,
    );
    expect(result.stdout).toContain(
      "The file holds no user entry (objectClass user, person or inetOrgPerson)",
    );
  });

  it("an mbn.enterpriseId the API user may not see fails with 78 naming the key, in check and in sync", async () => {
    const foreign = fx.write(
      "foreign.yaml",
      readFileSync(config, "utf8").replace(
        "  username: api-user-1\n",
        "  username: api-user-1\n  enterpriseId: E9999\n",
      ),
    );
    const check = await runCli(["check", "--config", foreign], { env });
    expect(check.code).toBe(78);
    expect(check.stdout).toContain("✓ MBN catalog/userInfo");
    expect(check.stdout).toContain(
      "✗ MBN contacts: MBN GET /catalog/enterprises/E9999/contacts → 403 code 40301",
    );
    expect(check.stdout).toContain(
      'mbn.enterpriseId: the API user "api-user-1" may not manage enterprise E9999',
    );

    const plan = await runCli(["plan", "--config", foreign], { env });
    expect(plan.code).toBe(78);
    expect(plan.stderr).toContain("mbn.enterpriseId: the API user");
    expect(plan.stderr).not.toContain("internal error");
  });
});
