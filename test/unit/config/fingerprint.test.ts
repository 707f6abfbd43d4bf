import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, redactConfig } from "../../../src/config/index.js";
import { removeTempDirs } from "../../helpers/temp-dir.js";
import { configDir, type ConfigDir, ENV, SECRETS, VALID_YAML } from "./fixtures.js";

let tmp: ConfigDir;
beforeEach(async () => {
  tmp = await configDir();
});
afterEach(removeTempDirs);

async function load(yaml: string, env: NodeJS.ProcessEnv = ENV, name = "mbn-ad-sync.yaml") {
  await tmp.write(name, yaml);
  return loadConfig({ configPath: name, cwd: tmp.dir, env });
}

describe("fingerprint", () => {
  it("is a sha256 hex digest, stable across loads and key order", async () => {
    const a = await load(VALID_YAML);
    const b = await load(VALID_YAML);
    expect(a.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(b.fingerprint).toBe(a.fingerprint);
    const split = VALID_YAML.indexOf("mbn:");
    const mbnFirst = VALID_YAML.slice(split) + VALID_YAML.slice(0, split);
    expect(mbnFirst).not.toBe(VALID_YAML);
    expect((await load(mbnFirst)).fingerprint).toBe(a.fingerprint);
  });

  it("excludes secrets, so rotating a password (or moving its file) keeps saved plans valid", async () => {
    const base = await load(VALID_YAML);
    const rotated = await load(VALID_YAML, {
      ...ENV,
      LDAP_BIND_PASSWORD: "rotated-1",
      MBN_CLIENT_SECRET: "rotated-2",
      MBN_PASSWORD: "rotated-3",
    });
    expect(rotated.fingerprint).toBe(base.fingerprint);
    await tmp.write("pw", "from-file\n");
    const fromFile = await load(
      VALID_YAML.replace("  password: ${env:MBN_PASSWORD}\n", "  passwordFile: ./pw\n"),
    );
    expect(fromFile.fingerprint).toBe(base.fingerprint);
  });

  it("changes with anything that changes what a run does", async () => {
    const base = await load(VALID_YAML);
    const guard = await load(VALID_YAML + "sync:\n  maxDeletes: 5\n");
    const user = await load(VALID_YAML, { ...ENV, MBN_USERNAME: "other-user" });
    expect(guard.fingerprint).not.toBe(base.fingerprint);
    expect(user.fingerprint).not.toBe(base.fingerprint);
  });
});

describe("fingerprint across checkouts", () => {
  it("is the same for the same files in another directory, and differs when a path changes", async () => {
    const yaml = VALID_YAML + "state:\n  dir: ./state\n";
    await tmp.write("one/mbn-ad-sync.yaml", yaml);
    await tmp.write("two/nested/mbn-ad-sync.yaml", yaml);
    await tmp.write("three/mbn-ad-sync.yaml", VALID_YAML + "state:\n  dir: ./other-state\n");
    const one = await loadConfig({ configPath: "one/mbn-ad-sync.yaml", cwd: tmp.dir, env: ENV });
    const two = await loadConfig({ configPath: "two/nested/mbn-ad-sync.yaml", cwd: tmp.dir, env: ENV });
    const three = await loadConfig({ configPath: "three/mbn-ad-sync.yaml", cwd: tmp.dir, env: ENV });
    expect(one.config.state.dir).not.toBe(two.config.state.dir);
    expect(two.fingerprint).toBe(one.fingerprint);
    expect(three.fingerprint).not.toBe(one.fingerprint);
  });
});

describe("redactConfig", () => {
  it("replaces every secret by *** and keeps the rest", async () => {
    const { config } = await load(VALID_YAML);
    const redacted = redactConfig(config);
    const text = JSON.stringify(redacted);
    for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    expect(redacted).toMatchObject({
      source: { bindPassword: "***", bindDn: "svc-mbnsync@corp.example" },
      mbn: { clientSecret: "***", password: "***", clientId: "client-id-1", username: "api-user" },
    });
    // the loaded config itself is untouched
    expect(config.mbn.password).toBe(SECRETS.MBN_PASSWORD);
  });

  it("leaves an absent secret absent", async () => {
    const { config } = await load(
      `source:\n  type: ldif\n  file: u.ldif\n${VALID_YAML.slice(VALID_YAML.indexOf("mbn:"))}`,
    );
    expect((redactConfig(config) as { source: Record<string, unknown> }).source.bindPassword).toBeUndefined();
  });
});
