import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/index.js";
import { ConfigError } from "../../../src/model/errors.js";
import { removeTempDirs } from "../../helpers/temp-dir.js";
import {
  configDir,
  type ConfigDir,
  configError,
  containing,
  ENV,
  SECRETS,
  sourceOf,
  VALID_YAML,
} from "./fixtures.js";

let tmp: ConfigDir;
beforeEach(async () => {
  tmp = await configDir();
});
afterEach(removeTempDirs);

function withoutSecretsIn(error: ConfigError, secrets: readonly string[]): void {
  for (const secret of secrets) {
    expect(error.message).not.toContain(secret);
    for (const issue of error.issues) expect(issue.message).not.toContain(secret);
  }
}

/** VALID_YAML with the mbn password taken from a file instead of the environment. */
function withPasswordFile(fileLine: string): string {
  return VALID_YAML.replace("  password: ${env:MBN_PASSWORD}\n", fileLine);
}

describe("${env:NAME} interpolation", () => {
  it("replaces references anywhere in a string, from the env passed in", async () => {
    await tmp.write(
      "mbn-ad-sync.yaml",
      VALID_YAML.replace("https://mbn.example.test/api", "https://${env:MBN_HOST}/v${env:API_V}") +
        "sync:\n  externalIdPrefix: $${env:LITERAL}\n",
    );
    const { config } = await loadConfig({
      cwd: tmp.dir,
      env: { ...ENV, MBN_HOST: "mbn.example.test", API_V: "2" },
    });
    expect(config.mbn.baseUrl).toBe("https://mbn.example.test/v2");
    expect(config.mbn.clientId).toBe("client-id-1");
    expect(sourceOf(config, "ldap").bindPassword).toBe(SECRETS.LDAP_BIND_PASSWORD);
    expect(config.mbn.clientSecret).toBe(SECRETS.MBN_CLIENT_SECRET);
    expect(config.sync.externalIdPrefix).toBe("${env:LITERAL}");
  });

  it("names the key and the variable of every missing variable", async () => {
    await tmp.write("mbn-ad-sync.yaml", VALID_YAML);
    const env = { ...ENV };
    delete env.MBN_USERNAME;
    delete env.LDAP_BIND_PASSWORD;
    const error = await configError(() => loadConfig({ cwd: tmp.dir, env }));
    expect(error.issues).toEqual([
      {
        key: "source.bindPassword",
        line: 5,
        message: containing("LDAP_BIND_PASSWORD is not set"),
      },
      { key: "mbn.username", line: 11, message: containing("MBN_USERNAME is not set") },
    ]);
    withoutSecretsIn(error, Object.values(SECRETS));
  });
});

describe("…File secrets", () => {
  it("reads a 0600 secret file, trims the trailing newline and fills the value key", async () => {
    await tmp.write("secrets/mbn-password", "file-Pa55\n", 0o600);
    await tmp.write("mbn-ad-sync.yaml", withPasswordFile("  passwordFile: secrets/mbn-password\n"));
    const { config } = await loadConfig({ cwd: tmp.dir, env: ENV });
    expect(config.mbn.password).toBe("file-Pa55");
    expect(config.mbn.passwordFile).toBe(join(tmp.dir, "secrets", "mbn-password"));
  });

  it("trims CRLF and keeps inner spaces", async () => {
    await tmp.write("bind", "pass with spaces \r\n");
    await tmp.write(
      "mbn-ad-sync.yaml",
      VALID_YAML.replace("  bindPassword: ${env:LDAP_BIND_PASSWORD}\n", "  bindPasswordFile: ./bind\n"),
    );
    const { config } = await loadConfig({ cwd: tmp.dir, env: ENV });
    expect(sourceOf(config, "ldap").bindPassword).toBe("pass with spaces ");
  });

  it("refuses a value and a file for the same secret", async () => {
    await tmp.write("secret", "from-file\n");
    await tmp.write(
      "mbn-ad-sync.yaml",
      VALID_YAML.replace("  clientSecret: ${env:MBN_CLIENT_SECRET}\n", "$&  clientSecretFile: ./secret\n"),
    );
    const error = await configError(() => loadConfig({ cwd: tmp.dir, env: ENV }));
    expect(error.issues).toEqual([
      { key: "mbn.clientSecretFile", line: 11, message: containing("keep only one") },
    ]);
    withoutSecretsIn(error, [...Object.values(SECRETS), "from-file"]);
  });

  it("names the key and path of an unreadable or empty secret file, never its content", async () => {
    await mkdir(join(tmp.dir, "a-directory"));
    await tmp.write("empty", "\n");
    const yaml = VALID_YAML.replace(
      "  bindPassword: ${env:LDAP_BIND_PASSWORD}\n",
      "  bindPasswordFile: ./missing\n",
    )
      .replace("  clientSecret: ${env:MBN_CLIENT_SECRET}\n", "  clientSecretFile: ./a-directory\n")
      .replace("  password: ${env:MBN_PASSWORD}\n", "  passwordFile: ./empty\n");
    await tmp.write("mbn-ad-sync.yaml", yaml);
    const error = await configError(() => loadConfig({ cwd: tmp.dir, env: ENV }));
    expect(error.issues.map((i) => i.key)).toEqual([
      "source.bindPasswordFile",
      "mbn.clientSecretFile",
      "mbn.passwordFile",
    ]);
    expect(error.issues[0]?.message).toContain(join(tmp.dir, "missing"));
    expect(error.issues[0]?.message).toContain("ENOENT");
    expect(error.issues[1]?.message).toContain(join(tmp.dir, "a-directory"));
    expect(error.issues[2]?.message).toContain("empty");
    // the secrets that would be needed are not reported a second time as "required"
    expect(error.issues).toHaveLength(3);
  });
});

describe("relative paths", () => {
  it("resolve against the config file's directory, not cwd", async () => {
    await tmp.write("secrets/bind", "b\n");
    await tmp.write(
      "etc/mbn-ad-sync.yaml",
      VALID_YAML.replace(
        "  bindPassword: ${env:LDAP_BIND_PASSWORD}\n",
        "  bindPasswordFile: ../secrets/bind\n",
      )
        .replace("source:\n", "source:\n  tls: { caFile: ca/corp.pem }\n")
        .replace("mbn:\n", "mapping: ./my-mapping.yaml\nmbn:\n  caFile: /abs/proxy.pem\n") +
        "state:\n  dir: state\n",
    );
    const { config } = await loadConfig({ configPath: "etc/mbn-ad-sync.yaml", cwd: tmp.dir, env: ENV });
    const etc = join(tmp.dir, "etc");
    expect(sourceOf(config, "ldap").tls.caFile).toBe(join(etc, "ca", "corp.pem"));
    expect(sourceOf(config, "ldap").bindPasswordFile).toBe(join(tmp.dir, "secrets", "bind"));
    expect(sourceOf(config, "ldap").bindPassword).toBe("b");
    expect(config.mapping).toBe(join(etc, "my-mapping.yaml"));
    expect(config.mbn.caFile).toBe("/abs/proxy.pem");
    expect(config.state.dir).toBe(join(etc, "state"));
  });
});
