/**
 * `check` against the shared Samba AD DC: the scope it read, and 0 users in scope as a failure that
 * names what selects the users. Needs dist/ (`npm run build` before running this file alone).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../../src/simulator/index.js";
import { expectedUsers, type Population } from "../../fixtures/ad/index.js";
import { repoRoot, runCli } from "../../helpers/cli.js";
import type { SambaDcInfo } from "../../helpers/samba-dc.js";
import { sambaSkipReason, sharedSambaDc } from "../../helpers/samba-shared.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";

const skip = sambaSkipReason();
const NOBODY = "(&(objectCategory=person)(objectClass=user)(sAMAccountName=nobody-by-this-name))";

describe.skipIf(skip !== undefined)(
  `mbn-ad-sync check against AD${skip ? ` (skipped: ${skip})` : ""}`,
  () => {
    let dc: SambaDcInfo;
    let population: Population;
    let sim: RunningSimulator;
    let dir: string;
    let env: Record<string, string>;

    beforeAll(async () => {
      ({ dc, population } = await sharedSambaDc());
      sim = await startSimulator({ port: 0 });
      dir = await tempDir("mbn-check-ad-");
      env = {
        LDAP_BIND_PASSWORD: population.serviceAccount.password,
        MBN_TEST_SECRET: "demo-secret",
        MBN_TEST_PASSWORD: "demo-password",
      };
    });
    afterAll(async () => {
      await sim.close();
      await removeTempDirs();
    });

    function config(file: string, filter?: string): string {
      const j = (v: unknown): string => JSON.stringify(v);
      const path = join(dir, file);
      const lines = [
        "source:",
        "  type: ldap",
        `  url: ${j(dc.ldapsUrl)}`,
        `  bindDn: ${j(population.serviceAccount.upn)}`,
        "  bindPassword: ${env:LDAP_BIND_PASSWORD}",
        `  tls: { caFile: ${j(dc.caFile)}, serverName: ${j(dc.hostName)} }`,
        `  baseDns: ${j([`OU=Staff,${dc.baseDn}`])}`,
        ...(filter ? [`  filter: ${j(filter)}`] : []),
        `mapping: ${j(join(repoRoot, "mappings", "active-directory.yaml"))}`,
        "mbn:",
        `  baseUrl: ${j(sim.url)}`,
        "  clientId: demo-client",
        "  clientSecret: ${env:MBN_TEST_SECRET}",
        "  username: api-user-1",
        "  password: ${env:MBN_TEST_PASSWORD}",
        `state: { dir: ${j(join(dir, "state"))} }`,
        "",
      ];
      writeFileSync(path, lines.join("\n"));
      return path;
    }

    it("says under which base DNs it read how many users", async () => {
      const expected = expectedUsers(population, {
        baseDns: [`OU=Staff,${dc.baseDn}`],
        disabledAccounts: "exclude",
      });
      const result = await runCli(["check", "--config", config("all.yaml")], { env });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(
        `✓ Directory source: LDAP ${dc.ldapsUrl}: bound and read under "OU=Staff,${dc.baseDn}": ${expected.length} users in scope`,
      );
    });

    it("0 users in scope fails with 78, naming the base DNs, the filter and the groups in force", async () => {
      const result = await runCli(["check", "--config", config("nobody.yaml", NOBODY)], { env });
      expect(result.code).toBe(78);
      expect(result.stdout).toContain(
        `✗ Directory source: LDAP ${dc.ldapsUrl}: bound and read under "OU=Staff,${dc.baseDn}": 0 users in scope. ` +
          `Look at what selects the users: source.baseDns "OU=Staff,${dc.baseDn}", source.filter "${NOBODY}", ` +
          "source.memberOf (none: any group)",
      );
      expect(result.stdout).toContain("✓ MBN contacts");
      expect(result.stdout).toContain("1 check failed.");
    });
  },
);
