import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, loadDirectoryConfig } from "../../../src/config/index.js";
import { removeTempDirs } from "../../helpers/temp-dir.js";
import { configDir, type ConfigDir, configError, containing, ENV, sourceOf, VALID_YAML } from "./fixtures.js";

let tmp: ConfigDir;
beforeEach(async () => {
  tmp = await configDir();
});
afterEach(removeTempDirs);

const MBN = VALID_YAML.slice(VALID_YAML.indexOf("mbn:"));

async function issuesOf(yaml: string, env: NodeJS.ProcessEnv = ENV) {
  await tmp.write("mbn-ad-sync.yaml", yaml);
  return (await configError(() => loadConfig({ cwd: tmp.dir, env }))).issues;
}

describe("an LDIF source takes only the keys it honours", () => {
  it("loads with file, baseDns and disabledAccounts, and needs no bind password", async () => {
    await tmp.write(
      "mbn-ad-sync.yaml",
      `source:\n  type: ldif\n  file: users.ldif\n  baseDns: ["OU=Staff,DC=corp,DC=example"]\n  disabledAccounts: include\n${MBN}`,
    );
    const { config } = await loadConfig({ cwd: tmp.dir, env: ENV });
    expect(config.source).toEqual({
      type: "ldif",
      file: `${tmp.dir}/users.ldif`,
      baseDns: ["OU=Staff,DC=corp,DC=example"],
      disabledAccounts: "include",
    });
  });

  it("refuses every LDAP-only key, each named with why, even one whose variable is unset", async () => {
    const issues = await issuesOf(
      `source:
  type: ldif
  file: users.ldif
  url: ldaps://dc1.corp.example
  bindDn: svc
  bindPassword: \${env:NOT_SET_ANYWHERE}
  filter: "(objectClass=user)"
  memberOf: ["CN=Staff,DC=corp"]
  pageSize: 100
  timeouts: { connectMs: 5 }
${MBN}`,
    );
    expect(issues).toEqual([
      { key: "source.url", line: 4, message: containing("not used by an LDIF source (type: ldif)") },
      { key: "source.bindDn", line: 5, message: containing("binds to no server") },
      { key: "source.bindPassword", line: 6, message: containing("binds to no server; remove it") },
      {
        key: "source.filter",
        line: 7,
        message:
          "not used by an LDIF source (type: ldif): an LDIF export is read whole (every user entry, under " +
          "source.baseDns when set); remove it or filter the export",
      },
      { key: "source.memberOf", line: 8, message: containing("group membership is not evaluated") },
      { key: "source.pageSize", line: 9, message: containing("not read in pages") },
      { key: "source.timeouts", line: 10, message: containing("connects to no server") },
    ]);
  });

  it("refuses a bindPasswordFile without reading it", async () => {
    const issues = await issuesOf(
      `source:\n  type: ldif\n  file: users.ldif\n  bindPasswordFile: ./missing\n${MBN}`,
    );
    expect(issues).toEqual([
      { key: "source.bindPasswordFile", line: 4, message: containing("not used by an LDIF source") },
    ]);
  });

  it("an LDAP source refuses `file`, the LDIF key", async () => {
    const ldap = VALID_YAML.slice(0, VALID_YAML.indexOf("mbn:"));
    const issues = await issuesOf(`${ldap}  file: users.ldif\n${MBN}`);
    expect(issues).toEqual([
      { key: "source.file", line: 7, message: containing("set type: ldif to read this file instead") },
    ]);
  });
});

describe("mbn.baseUrl is the API root", () => {
  it.each([
    ["https://mbn.example.test/catalog", "https://mbn.example.test"],
    ["https://mbn.example.test/catalog/", "https://mbn.example.test"],
    ["https://mbn.example.test/api/v1/Catalog", "https://mbn.example.test/api/v1"],
  ])("%s is refused, suggesting %s", async (baseUrl, root) => {
    const issues = await issuesOf(VALID_YAML.replace("https://mbn.example.test/api", baseUrl));
    expect(issues).toEqual([
      {
        key: "mbn.baseUrl",
        line: 8,
        message: containing(`ends in /catalog, but the base URL is the API root: the tool adds catalog/`),
      },
    ]);
    expect(issues[0]?.message).toMatch(new RegExp(`; use ${root.replace(/\./g, "\\.")}$`));
  });

  it("a root with catalog elsewhere in its path is fine", async () => {
    await tmp.write("c.yaml", VALID_YAML.replace("/api", "/catalog-api"));
    await expect(loadConfig({ configPath: "c.yaml", cwd: tmp.dir, env: ENV })).resolves.toBeDefined();
  });
});

describe("a command resolves only the parts it uses", () => {
  const directoryOnly = { LDAP_BIND_PASSWORD: "x" };

  it("the directory part loads without any MBN or state variable, secret file or even an mbn section", async () => {
    const withMbn = `${VALID_YAML}  clientSecretFile: ./nowhere\nstate:\n  dir: \${env:STATE_DIR}\n`.replace(
      / {2}clientSecret: .*\n/,
      "",
    );
    await tmp.write("a.yaml", withMbn);
    const loaded = await loadDirectoryConfig({ configPath: "a.yaml", cwd: tmp.dir, env: directoryOnly });
    expect(sourceOf(loaded.config, "ldap").bindPassword).toBe("x");
    expect(loaded.config).not.toHaveProperty("mbn");
    expect(loaded.config).not.toHaveProperty("state");

    await tmp.write("b.yaml", VALID_YAML.slice(0, VALID_YAML.indexOf("mbn:")));
    await expect(
      loadDirectoryConfig({ configPath: "b.yaml", cwd: tmp.dir, env: directoryOnly }),
    ).resolves.toBeDefined();
  });

  it("the directory part still needs the source's own secrets and checks the rest", async () => {
    await tmp.write("c.yaml", `${VALID_YAML}sync:\n  maxDeletes: -1\n`);
    const error = await configError(() =>
      loadDirectoryConfig({ configPath: "c.yaml", cwd: tmp.dir, env: {} }),
    );
    expect(error.issues.map((i) => i.key)).toEqual(["source.bindPassword", "sync.maxDeletes"]);
  });

  it("the whole config needs MBN's secrets", async () => {
    await tmp.write("d.yaml", VALID_YAML);
    const error = await configError(() =>
      loadConfig({ configPath: "d.yaml", cwd: tmp.dir, env: directoryOnly }),
    );
    expect(error.issues.map((i) => i.key)).toEqual([
      "mbn.clientId",
      "mbn.clientSecret",
      "mbn.username",
      "mbn.password",
    ]);
  });
});
