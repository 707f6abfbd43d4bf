import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig, loadDirectoryConfig, redactConfig } from "../../../src/config/index.js";
import { ConfigError } from "../../../src/model/errors.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";

afterAll(removeTempDirs);

const base =
  "source:\n  type: ldif\n  file: users.ldif\n" +
  "mbn:\n  baseUrl: https://api.mbn.example\n  clientId: c\n  clientSecret: s\n  username: u\n  password: p\n";

async function load(extra: string, env: NodeJS.ProcessEnv = {}) {
  const dir = await tempDir("mbn-notify-config-");
  const file = join(dir, "config.yaml");
  writeFileSync(file, base + extra);
  return { dir, file, load: () => loadConfig({ configPath: file, env }) };
}

describe("config: notify and state.audit", () => {
  it("defaults: audit rotated at 50 MB keeping 10 files; notify.on failure and guard; port by secure", async () => {
    const { load: run } = await load(
      "notify:\n  email:\n    host: smtp.corp.example\n    from: a@corp.example\n    to: [b@corp.example]\n",
    );
    const { config } = await run();
    expect(config.state.audit).toEqual({ maxBytes: 52_428_800, keep: 10 });
    expect(config.notify?.on).toEqual(["failure", "guard"]);
    expect(config.notify?.email).toMatchObject({ secure: false, allowPlaintext: false });
  });

  it("reads the SMTP password and webhook URL from files, resolves paths, and redacts both", async () => {
    const { dir, load: run } = await load(
      "notify:\n  email:\n    host: smtp.corp.example\n    caFile: ca.pem\n    username: svc\n    passwordFile: pw\n" +
        "    from: a@corp.example\n    to: [b@corp.example]\n  webhook:\n    urlFile: hook\n    format: teams\n",
    );
    writeFileSync(join(dir, "pw"), "smtp-secret\n");
    writeFileSync(join(dir, "hook"), "https://hooks.example/T1/secret-token\n");
    const { config } = await run();
    expect(config.notify?.email).toMatchObject({ password: "smtp-secret", caFile: join(dir, "ca.pem") });
    expect(config.notify?.webhook?.url).toBe("https://hooks.example/T1/secret-token");
    const shown = JSON.stringify(redactConfig(config));
    expect(shown).not.toContain("smtp-secret");
    expect(shown).not.toContain("secret-token");
  });

  it("a username without a password, a bad address and an unknown event are reported together", async () => {
    const { load: run } = await load(
      "notify:\n  on: [failures]\n  email:\n    host: h\n    username: svc\n    from: nobody\n    to: [b@corp.example]\n",
    );
    const error = (await run().catch((e: unknown) => e)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain("notify.on");
    expect(error.message).toContain("notify.email.from");
  });

  it("an unset webhook variable names the key; preview loads without the notify section", async () => {
    const { file, load: run } = await load("notify:\n  webhook:\n    url: ${env:HOOK}\n");
    const error = (await run().catch((e: unknown) => e)) as ConfigError;
    expect(error.message).toContain("notify.webhook.url");
    expect(error.message).toContain("HOOK");
    await expect(loadDirectoryConfig({ configPath: file, env: {} })).resolves.toBeDefined();
  });

  it("notify and state.audit leave the fingerprint of saved plans as it was", async () => {
    const plain = await (await load("")).load();
    const notified = await (
      await load("state:\n  audit:\n    keep: 3\nnotify:\n  webhook:\n    url: https://hooks.example/x\n")
    ).load();
    expect(notified.fingerprint).toBe(plain.fingerprint);
  });
});
