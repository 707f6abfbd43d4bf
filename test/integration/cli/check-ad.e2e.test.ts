/**
 * `check` against the shared Samba AD DC: the scope it read, and 0 users in scope as a failure that
 * names what selects the users. Needs dist/ (`npm run build` before running this file alone).
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../../src/simulator/index.js";
import { expectedUsers, type Population } from "../../fixtures/ad/index.js";
import { writeAdConfig } from "../../helpers/ad-config.js";
import { runCli } from "../../helpers/cli.js";
import type { SambaDcInfo } from "../../helpers/samba-dc.js";
import { sambaSkipReason, sharedSambaDc } from "../../helpers/samba-shared.js";
import { simulatorEnv } from "../../helpers/sync-config.js";
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
        ...simulatorEnv,
      };
    });
    afterAll(async () => {
      await sim.close();
      await removeTempDirs();
    });

    const config = (file: string, filter?: string): string =>
      writeAdConfig(join(dir, file), {
        dc,
        bindDn: population.serviceAccount.upn,
        baseDns: [`OU=Staff,${dc.baseDn}`],
        source: filter ? { filter } : {},
        mbnUrl: sim.url,
        stateDir: join(dir, "state"),
      });

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
