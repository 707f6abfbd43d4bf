import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/index.js";
import { ConfigError } from "../../../src/model/errors.js";
import { removeTempDirs } from "../../helpers/temp-dir.js";
import {
  configDir,
  type ConfigDir,
  containing,
  ENV,
  matching,
  rejection,
  SECRETS,
  sourceOf,
  VALID_YAML,
} from "./fixtures.js";

let tmp: ConfigDir;
beforeEach(async () => {
  tmp = await configDir();
});
afterEach(removeTempDirs);

async function problems(yaml: string, env: NodeJS.ProcessEnv = ENV): Promise<ConfigError> {
  await tmp.write("mbn-ad-sync.yaml", yaml);
  const error = await rejection(() => loadConfig({ cwd: tmp.dir, env }));
  expect(error).toBeInstanceOf(ConfigError);
  const configError = error as ConfigError;
  for (const secret of Object.values(SECRETS)) expect(configError.message).not.toContain(secret);
  return configError;
}

const MBN = `mbn:
  baseUrl: https://mbn.example.test
  clientId: id
  clientSecret: \${env:MBN_CLIENT_SECRET}
  username: user
  password: \${env:MBN_PASSWORD}
`;

describe("config rules", () => {
  it("reports every problem at once, top to bottom, with dotted keys and YAML lines", async () => {
    const error = await problems(`source:
  type: ldap
  url: ldap://dc1.corp.example
  bindDn: svc
  bindPasword: \${env:LDAP_BIND_PASSWORD}
  pageSize: 5000
mbn:
  baseUrl: not a url
  clientId: id
  concurrency: 0
  username: user
  password: \${env:MBN_PASSWORD}
sync:
  maxDeletes: -1
  delets: keep
  adopt: { matchBy: [phone] }
`);
    expect(error.issues).toEqual([
      { key: "source.bindPassword", line: 1, message: containing("source.bindPasswordFile") },
      { key: "source.baseDns", line: 1, message: containing("required for type ldap") },
      { key: "source.url", line: 3, message: containing("in clear") },
      { key: "source.bindPasword", line: 5, message: 'unknown key; did you mean "bindPassword"?' },
      { key: "source.pageSize", line: 6, message: "must be at most 1000, Active Directory's MaxPageSize" },
      { key: "mbn.clientSecret", line: 7, message: containing("mbn.clientSecretFile") },
      { key: "mbn.baseUrl", line: 8, message: containing("must be a URL") },
      { key: "mbn.concurrency", line: 10, message: "must be at least 1" },
      { key: "sync.maxDeletes", line: 14, message: "must be at least 0" },
      { key: "sync.delets", line: 15, message: 'unknown key; did you mean "deletes"?' },
      { key: "sync.adopt.matchBy[0]", line: 16, message: "must be one of: email, mobile" },
    ]);
    expect(error.message).toContain("11 problems");
    expect(error.message).toContain("sync.maxDeletes (line 14): must be at least 0");
  });

  it("suggests the nested key for a key one level too high, and lists keys when nothing is close", async () => {
    const error = await problems(
      VALID_YAML.replace("source:\n", "source:\n  caFile: ./ca.pem\n").replace(
        "mbn:\n",
        "mbn:\n  frobnicate: 1\n",
      ),
    );
    expect(error.issues).toEqual([
      { key: "source.caFile", line: 2, message: 'unknown key; did you mean "tls.caFile"?' },
      {
        key: "mbn.frobnicate",
        line: 9,
        message: matching(/^unknown key; allowed here: baseUrl, tokenUrl, /),
      },
    ]);
  });

  it("refuses ldap:// without StartTLS, saying why; accepts startTls or an explicit allowPlaintextBind", async () => {
    const plain = VALID_YAML.replace(
      "url: ldaps://dc1.corp.example:636",
      "url: [ldaps://dc1.corp.example, ldap://dc2.corp.example]",
    );
    const error = await problems(plain);
    expect(error.issues).toEqual([
      {
        key: "source.url[1]",
        line: 3,
        message: containing("would send the bind password in clear"),
      },
    ]);

    await tmp.write(
      "tls.yaml",
      plain.replace("source:\n", "source:\n  startTls: true\n").replace("ldaps://dc1", "ldap://dc1"),
    );
    const startTls = await loadConfig({ configPath: "tls.yaml", cwd: tmp.dir, env: ENV });
    expect(sourceOf(startTls.config, "ldap").url).toEqual([
      "ldap://dc1.corp.example",
      "ldap://dc2.corp.example",
    ]);

    await tmp.write("plain.yaml", plain.replace("source:\n", "source:\n  allowPlaintextBind: true\n"));
    const allowed = await loadConfig({ configPath: "plain.yaml", cwd: tmp.dir, env: ENV });
    expect(sourceOf(allowed.config, "ldap").allowPlaintextBind).toBe(true);
  });

  it("refuses a URL that is not LDAP, and an empty URL list", async () => {
    const http = await problems(VALID_YAML.replace("ldaps://dc1.corp.example:636", "https://dc1"));
    expect(http.issues).toEqual([{ key: "source.url", line: 3, message: containing("ldaps://") }]);
    const empty = await problems(VALID_YAML.replace("url: ldaps://dc1.corp.example:636", "url: []"));
    expect(empty.issues).toEqual([{ key: "source.url", line: 3, message: "must list at least 1 item(s)" }]);
  });

  it("accepts only http(s) URLs for the MBN API", async () => {
    const error = await problems(
      VALID_YAML.replace("https://mbn.example.test/api", "ftp://mbn.example.test"),
    );
    expect(error.issues).toEqual([{ key: "mbn.baseUrl", line: 8, message: containing("must be a URL") }]);
    await tmp.write("sim.yaml", VALID_YAML.replace("https://mbn.example.test/api", "http://127.0.0.1:8080"));
    const sim = await loadConfig({ configPath: "sim.yaml", cwd: tmp.dir, env: ENV });
    expect(sim.config.mbn.baseUrl).toBe("http://127.0.0.1:8080");
  });

  it("an ldap source needs url, bindDn, a password and baseDns", async () => {
    const error = await problems(`source:\n  type: ldap\n  baseDns: []\n${MBN}`);
    expect(error.issues.map((i) => [i.key, i.line])).toEqual([
      ["source.url", 1],
      ["source.bindDn", 1],
      ["source.bindPassword", 1],
      ["source.baseDns", 3],
    ]);
    expect(error.issues[2]?.message).toContain("bindPasswordFile");
  });

  it("an ldif source needs a file and nothing LDAP-specific", async () => {
    const error = await problems(`source:\n  type: ldif\n${MBN}`);
    expect(error.issues).toEqual([
      { key: "source.file", line: 1, message: "required for type ldif: the LDIF file to read users from" },
    ]);
    await tmp.write("ok.yaml", `source:\n  type: ldif\n  file: users.ldif\n${MBN}`);
    await expect(loadConfig({ configPath: "ok.yaml", cwd: tmp.dir, env: ENV })).resolves.toBeDefined();
  });

  it("mbn needs baseUrl and every credential; missing sections are named", async () => {
    const noCreds = await problems(`source:\n  type: ldif\n  file: u.ldif\nmbn:\n  enterpriseId: E1\n`);
    expect(noCreds.issues.map((i) => i.key)).toEqual([
      "mbn.baseUrl",
      "mbn.clientId",
      "mbn.clientSecret",
      "mbn.username",
      "mbn.password",
    ]);
    expect(noCreds.issues[0]?.message).toMatch(/^required: base URL of the MBN API: its root/);

    const noSections = await problems("sync:\n  deletes: keep\n");
    expect(noSections.issues.map((i) => i.key)).toEqual(["source", "mbn"]);
    expect(noSections.issues.every((i) => i.message.startsWith("required"))).toBe(true);
  });

  it("an unknown type and wrong value types are explained without echoing values", async () => {
    const error = await problems(
      VALID_YAML.replace("type: ldap", "type: ad")
        .replace(
          "  bindPassword: ${env:LDAP_BIND_PASSWORD}\n",
          `  bindPassword: [${SECRETS.LDAP_BIND_PASSWORD}]\n`,
        )
        .replace(
          "  clientId: ${env:MBN_CLIENT_ID}\n",
          `  clientId: \${env:MBN_CLIENT_ID}\n  secret: ${SECRETS.MBN_CLIENT_SECRET}\n`,
        ) + "sync:\n  maxDeletes: '${env:MAX}'\n",
      { ...ENV, MAX: "7" },
    );
    expect(error.issues).toEqual([
      { key: "source.type", line: 2, message: "must be one of: ldap, ldif" },
      { key: "source.bindPassword", line: 5, message: "must be text" },
      { key: "mbn.secret", line: 10, message: containing("unknown key") },
      {
        key: "sync.maxDeletes",
        line: 15,
        message: containing("must be a number (write it without quotes"),
      },
    ]);
  });

  it("a source without a type is told to name one, and the rest of it is still checked", async () => {
    const error = await problems(`source:\n  file: u.ldif\n  pagesize: 10\n${MBN}`);
    expect(error.issues).toEqual([
      { key: "source.type", line: 1, message: matching(/^required: where users come from/) },
      { key: "source.pagesize", line: 3, message: 'unknown key; did you mean "pageSize"?' },
    ]);
  });

  it("gives JSON files line numbers too", async () => {
    await tmp.write(
      "c.json",
      JSON.stringify(
        { source: { type: "ldif", file: "u.ldif", pagesize: 10 }, mbn: { baseUrl: "https://x.test" } },
        null,
        2,
      ),
    );
    const error = await rejection(() => loadConfig({ configPath: "c.json", cwd: tmp.dir, env: ENV }));
    expect((error as ConfigError).issues[0]).toEqual({
      key: "source.pagesize",
      line: 5,
      message: 'unknown key; did you mean "pageSize"?',
    });
  });
});
