import { writeFileSync } from "node:fs";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/index.js";
import { removeTempDirs, tempDirSync } from "../../helpers/temp-dir.js";

/** The configuration example in README.md ("Configuration") loads as written, with its variables set. */
describe("the README's configuration example", () => {
  afterAll(removeTempDirs);
  const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("## Configuration"));
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];

  it("loads, with the defaults the README states", async () => {
    expect(yaml).toBeDefined();
    const dir = tempDirSync("mbn-readme-config-");
    writeFileSync(join(dir, "mbn-ad-sync.yaml"), yaml ?? "");
    // The files it names: the CA bundle is read at connect time, not at load.
    writeFileSync(join(dir, "corp-ca.pem"), "");
    const env = {
      LDAP_BIND_PASSWORD: "bind-secret",
      MBN_CLIENT_ID: "client",
      MBN_CLIENT_SECRET: "client-secret",
      MBN_USERNAME: "api-user",
      MBN_PASSWORD: "api-password",
    };
    const { config } = await loadConfig({ cwd: dir, env });
    expect(config.source.type).toBe("ldap");
    expect(config.mbn.timeoutMs).toBe(30_000);
    expect(config.sync).toMatchObject({ deletes: "delete", maxDeletes: 50, maxDeletePercent: 10 });
    expect(config.mapping).toMatch(/mappings[/\\]active-directory\.yaml$/);
  });
});
