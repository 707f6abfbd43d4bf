import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { starterConfig } from "../../../src/config/index.js";
import { runCli } from "../../helpers/cli.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";

let dir: string;
beforeAll(async () => {
  dir = await tempDir("mbn-init-");
});
afterAll(removeTempDirs);

const secrets = {
  LDAP_BIND_PASSWORD: "bind-secret-1",
  MBN_CLIENT_ID: "client-1",
  MBN_CLIENT_SECRET: "client-secret-1",
  MBN_USERNAME: "api-user",
  MBN_PASSWORD: "api-password-1",
};

describe("mbn-ad-sync init", () => {
  it("writes the starter config, readable by its owner only, and says what to do next", async () => {
    const result = await runCli(["init"], { cwd: dir });
    expect(result.code).toBe(0);
    const file = join(dir, "mbn-ad-sync.yaml");
    expect(readFileSync(file, "utf8")).toBe(starterConfig());
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(result.stdout).toContain(`Wrote ${file}`);
    expect(result.stdout).toContain(
      "LDAP_BIND_PASSWORD, MBN_CLIENT_ID, MBN_CLIENT_SECRET, MBN_USERNAME, MBN_PASSWORD",
    );
    expect(result.stdout).toContain("`mbn-ad-sync check`");
    expect(result.stdout).toContain("`mbn-ad-sync plan`");
  });

  it("`check` loads the written file once the environment holds its variables", async () => {
    const without = await runCli(["check", "--json"], { cwd: dir, env: { LDAP_BIND_PASSWORD: undefined } });
    expect(without.code).toBe(78);

    // The starter's DCs and MBN do not exist: the configuration loads, the network checks fail (69).
    const result = await runCli(["check", "--json"], { cwd: dir, env: secrets });
    const json = JSON.parse(result.stdout) as { checks: { name: string; ok: boolean; detail: string }[] };
    expect(json.checks[0]).toEqual({
      name: "config",
      ok: true,
      detail: `loaded ${join(dir, "mbn-ad-sync.yaml")}`,
    });
    expect(json.checks[1]).toMatchObject({ name: "mapping", ok: true });
    expect(result.code).toBe(69);
    for (const secret of Object.values(secrets).filter((s) => s.includes("secret") || s.includes("password")))
      expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it("refuses to overwrite an existing file (64) unless --force", async () => {
    const file = join(dir, "custom.yaml");
    writeFileSync(file, "# mine\n", { mode: 0o644 });
    const refused = await runCli(["init", file], { cwd: dir });
    expect(refused.code).toBe(64);
    expect(refused.stderr).toContain(`${file} already exists; pass --force to overwrite it`);
    expect(readFileSync(file, "utf8")).toBe("# mine\n");

    const forced = await runCli(["init", "--force", "custom.yaml"], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(readFileSync(file, "utf8")).toBe(starterConfig());
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Replaced whole (a temporary file renamed over it), none of it left behind.
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(forced.stdout).toContain(`mbn-ad-sync check --config ${file}`);
  });
});
