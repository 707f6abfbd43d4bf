import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultMappingPath, loadConfig } from "../../../src/config/index.js";
import { ExitCode } from "../../../src/model/exit-code.js";
import { removeTempDirs } from "../../helpers/temp-dir.js";
import { configDir, type ConfigDir, configError, ENV, sourceOf, VALID_YAML } from "./fixtures.js";

let tmp: ConfigDir;
beforeEach(async () => {
  tmp = await configDir();
});
afterEach(removeTempDirs);

describe("loadConfig: finding and reading the file", () => {
  it("finds mbn-ad-sync.yaml in cwd and applies every default", async () => {
    const file = await tmp.write("mbn-ad-sync.yaml", VALID_YAML);
    const { config, file: loadedFrom } = await loadConfig({ cwd: tmp.dir, env: ENV });
    expect(loadedFrom).toBe(file);
    expect(config.source).toMatchObject({
      type: "ldap",
      url: ["ldaps://dc1.corp.example:636"],
      startTls: false,
      allowPlaintextBind: false,
      tls: { insecureSkipVerify: false },
      filter: "(&(objectCategory=person)(objectClass=user))",
      memberOf: [],
      disabledAccounts: "exclude",
      pageSize: 500,
      timeouts: { connectMs: 10_000, operationMs: 30_000, totalMs: 600_000 },
    });
    expect(config.mbn).toMatchObject({ concurrency: 4, requestsPerSecond: 10, timeoutMs: 30_000 });
    expect(config.mbn.tokenUrl).toBeUndefined();
    expect(config.mbn.enterpriseId).toBeUndefined();
    expect(config.sync).toEqual({
      externalIdPrefix: "ad:",
      deletes: "delete",
      maxDeletes: 50,
      maxDeletePercent: 10,
      minDeletesForPercentGuard: 10,
      deleteAfter: 0,
      fullResyncAfterDays: 7,
    });
    expect(config.state.dir).toBe(join(tmp.dir, ".mbn-ad-sync"));
    expect(config.mapping).toBe(defaultMappingPath);
  });

  it("the default mapping is mappings/active-directory.yaml at the package root", () => {
    expect(defaultMappingPath).toBe(join(process.cwd(), "mappings", "active-directory.yaml"));
  });

  it("loads a JSON file given with configPath, relative to cwd", async () => {
    const json = {
      source: { type: "ldif", file: "users.ldif" },
      mbn: {
        baseUrl: "https://mbn.example.test",
        clientId: "id",
        clientSecret: "${env:MBN_CLIENT_SECRET}",
        username: "u",
        password: "${env:MBN_PASSWORD}",
        concurrency: 8,
      },
      sync: { deletes: "keep", adopt: { matchBy: ["email", "mobile"] } },
    };
    await tmp.write("conf/settings.json", JSON.stringify(json, null, "\t"));
    const { config, file } = await loadConfig({ configPath: "conf/settings.json", cwd: tmp.dir, env: ENV });
    expect(file).toBe(join(tmp.dir, "conf", "settings.json"));
    expect(sourceOf(config, "ldif").file).toBe(join(tmp.dir, "conf", "users.ldif"));
    expect(config.mbn.concurrency).toBe(8);
    expect(config.sync.deletes).toBe("keep");
    expect(config.sync.adopt).toEqual({ matchBy: ["email", "mobile"] });
  });

  it("loads a JS module config (.mbn-ad-syncrc.mjs)", async () => {
    await tmp.write(
      ".mbn-ad-syncrc.mjs",
      `export default { source: { type: "ldif", file: "./u.ldif" },
        mbn: { baseUrl: "https://mbn.example.test", clientId: "i", clientSecret: "s", username: "u", password: "p" } };`,
    );
    const { config } = await loadConfig({ cwd: tmp.dir, env: {} });
    expect(config.source.type).toBe("ldif");
    expect(sourceOf(config, "ldif").file).toBe(join(tmp.dir, "u.ldif"));
  });

  it("loads a TypeScript config (mbn-ad-sync.config.ts)", async () => {
    await tmp.write(
      "mbn-ad-sync.config.ts",
      `const port: number = 636;
       export default { source: { type: "ldap", url: \`ldaps://dc1.corp.example:\${port}\`, bindDn: "svc",
         bindPassword: "x", baseDns: ["DC=corp"] },
         mbn: { baseUrl: "https://mbn.example.test", clientId: "i", clientSecret: "s", username: "u", password: "p" } };`,
    );
    const { config } = await loadConfig({ cwd: tmp.dir, env: {} });
    expect(sourceOf(config, "ldap").url).toEqual(["ldaps://dc1.corp.example:636"]);
  });

  it("says where it looked and how to create a config when none is found", async () => {
    const error = await configError(() => loadConfig({ cwd: tmp.dir, env: ENV }));
    expect(error.exitCode).toBe(ExitCode.config);
    expect(error.message).toContain(tmp.dir);
    expect(error.message).toContain("mbn-ad-sync.yaml");
    expect(error.message).toContain("create one with `mbn-ad-sync init` or pass --config FILE");
  });

  it("names the file when --config does not exist or is a directory", async () => {
    const missing = await configError(() => loadConfig({ configPath: "nope.yaml", cwd: tmp.dir, env: ENV }));
    expect(missing.file).toBe(join(tmp.dir, "nope.yaml"));
    expect(missing.message).toContain("no such file");

    await mkdir(join(tmp.dir, "adir.yaml"));
    const directory = await configError(() =>
      loadConfig({ configPath: "adir.yaml", cwd: tmp.dir, env: ENV }),
    );
    expect(directory.file).toBe(join(tmp.dir, "adir.yaml"));
    expect(directory.message).toContain("directory");
  });

  it("reports bad YAML with the file and line, without echoing the line's content", async () => {
    const file = await tmp.write(
      "bad.yaml",
      "source:\n  type: ldap\n  bindPassword: hunter2-secret\nmbn: [unclosed\n  baseUrl: x\n",
    );
    const error = await configError(() => loadConfig({ configPath: file, env: ENV }));
    expect(error.file).toBe(file);
    expect(error.issues.length).toBeGreaterThan(0);
    expect(error.issues[0]?.line).toBeGreaterThanOrEqual(4);
    expect(error.message).toContain(file);
    expect(error.message).not.toContain("hunter2-secret");
  });

  it("reports duplicate keys in YAML with their line", async () => {
    const file = await tmp.write("dup.yaml", VALID_YAML + "mbn:\n  baseUrl: https://other.test\n");
    const error = await configError(() => loadConfig({ configPath: file, env: ENV }));
    expect(error.issues[0]?.line).toBe(13);
  });

  it("refuses an empty file and a file that is not a mapping", async () => {
    await tmp.write("empty.yaml", "\n");
    const empty = await configError(() => loadConfig({ configPath: "empty.yaml", cwd: tmp.dir, env: ENV }));
    expect(empty.message).toContain("empty");

    await tmp.write("list.yaml", "- a\n- b\n");
    const list = await configError(() => loadConfig({ configPath: "list.yaml", cwd: tmp.dir, env: ENV }));
    expect(list.message).toContain("`source` and `mbn`");
  });
});
