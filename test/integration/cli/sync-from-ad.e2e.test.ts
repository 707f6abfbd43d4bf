/**
 * The built CLI, end to end: a real Samba AD DC as the source, the MBN simulator as the target.
 * Needs dist/ (built by `npm test`, or `npm run build` before running this file alone).
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { rootCertificates } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guidFromBytes } from "../../../src/model/guid.js";
import { emptyContactInput } from "../../../src/model/contact.js";
import type { SyncReport } from "../../../src/report/index.js";
import { startSimulator, type RunningSimulator } from "../../../src/simulator/index.js";
import {
  buildPopulation,
  expectedUsers,
  type FixtureUser,
  type Population,
} from "../../fixtures/ad/index.js";
import { adConfigYaml, BIND_PASSWORD_ENV } from "../../helpers/ad-config.js";
import { builtCliMissing, runCli } from "../../helpers/cli.js";
import { isAlive, provisionSambaDc, stopSambaDc, type SambaDcInfo } from "../../helpers/samba-dc.js";
import { guidsByLdapsearch } from "../../helpers/samba-options.js";
import { populate } from "../../helpers/samba-populate.js";
import { sambaSkipReason, sharedSambaDc } from "../../helpers/samba-shared.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";

const skip = sambaSkipReason();
const MBN_ENV = { MBN_TEST_SECRET: "demo-secret", MBN_TEST_PASSWORD: "demo-password" };
const WRITE_ROUTE = /^(POST|PUT|PATCH|DELETE) \/(?!oauth\/)/;

interface ConfigParts {
  dc: SambaDcInfo;
  bindDn: string;
  caFile?: string;
  baseDns: string[];
  memberOf?: string[];
  pageSize: number;
  sim: RunningSimulator;
  stateDir: string;
  sync?: Record<string, number>;
}

function configYaml({ memberOf, pageSize, sim, ...p }: ConfigParts): string {
  return adConfigYaml({
    ...p,
    source: {
      memberOf: memberOf ?? [],
      pageSize,
      timeouts: { connectMs: 5000, operationMs: 20000, totalMs: 60000 },
    },
    mbnUrl: sim.url,
  });
}

function writeRoutes(sim: RunningSimulator): string[] {
  return Object.keys(sim.stats().byRoute).filter((route) => WRITE_ROUTE.test(route));
}

/** "ad:" + the GUID OpenLDAP's ldapsearch shows for each fixture user, keyed by sAMAccountName. */
async function externalIdsByLdapsearch(dc: SambaDcInfo, users: FixtureUser[]): Promise<Map<string, string>> {
  const filter = `(|${users.map((u) => `(sAMAccountName=${u.sam})`).join("")})`;
  const byDn = await guidsByLdapsearch(dc, filter);
  const samByDn = new Map(users.map((u) => [u.dn.toLowerCase(), u.sam]));
  const result = new Map<string, string>();
  for (const [dn, bytes] of byDn) {
    const sam = samByDn.get(dn.toLowerCase());
    if (sam !== undefined) result.set(sam, `ad:${guidFromBytes(bytes)}`);
  }
  return result;
}

describe.skipIf(skip !== undefined)(
  `sync from a Samba AD DC into the MBN simulator, through the built CLI${skip ? ` (skipped: ${skip})` : ""}`,
  () => {
    let dc: SambaDcInfo;
    let population: Population;
    let sim: RunningSimulator;
    let simStarted: RunningSimulator | undefined;
    let dir: string;
    let config: string;
    let inScope: FixtureUser[];
    let externalIds: Map<string, string>;
    const env = (): Record<string, string> => ({
      ...MBN_ENV,
      [BIND_PASSWORD_ENV]: population.serviceAccount.password,
    });
    // A small DC of its own for the stop-mid-read test, provisioned while the shared one is used.
    let small: Promise<{ dc: SambaDcInfo; population: Population }> | undefined;
    let smallDc: SambaDcInfo | undefined;

    beforeAll(async () => {
      const missing = builtCliMissing();
      if (missing) throw new Error(missing);
      small = (async () => {
        const started = await provisionSambaDc({ label: "e2estop", maxRuntimeS: 300 });
        smallDc = started;
        const smallPopulation = buildPopulation({ baseDn: started.baseDn, staffCount: 60 });
        await populate(started, smallPopulation, 2);
        return { dc: started, population: smallPopulation };
      })();
      small.catch(() => undefined); // awaited (and reported) by the test that needs it
      ({ dc, population } = await sharedSambaDc());
      sim = simStarted = await startSimulator({ port: 0 });
      dir = await tempDir("mbn-ad-e2e-");
      const query = {
        baseDns: [`OU=Staff,${dc.baseDn}`],
        memberOf: [`CN=MBN Directory,OU=Groups,${dc.baseDn}`],
      };
      inScope = expectedUsers(population, { ...query, disabledAccounts: "exclude" });
      externalIds = await externalIdsByLdapsearch(dc, inScope);
      config = join(dir, "mbn-ad-sync.yaml");
      await writeFile(
        config,
        configYaml({
          dc,
          bindDn: population.serviceAccount.upn,
          ...query,
          // Small pages, so that even this group's members come in several pages.
          pageSize: 7,
          sim,
          stateDir: join(dir, "state"),
        }),
      );
    });
    afterAll(async () => {
      await small?.catch(() => undefined);
      if (smallDc) await stopSambaDc(smallDc);
      await simStarted?.close();
      await removeTempDirs();
    });

    it("plans exactly the in-scope users in a dry run, and writes nothing", async () => {
      expect(inScope.length).toBeGreaterThan(7 * 3);
      expect(externalIds.size).toBe(inScope.length);
      const result = await runCli(["sync", "--dry-run", "--json", "--config", config], { env: env() });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as SyncReport;
      expect(report.mode).toBe("dry-run");
      expect(report.source.users).toBe(inScope.length);
      expect(report.planned).toEqual({ create: inScope.length, update: 0, delete: 0 });
      expect(report.summary).toMatchObject({ create: 0, skipped: 0 });
      expect(report.changes.map((c) => c.externalId).sort()).toEqual([...externalIds.values()].sort());
      expect(writeRoutes(sim)).toEqual([]);
      expect(sim.contacts()).toHaveLength(0);
    });

    it("creates them, with non-ASCII names intact and externalId = ad:<GUID ldapsearch shows>", async () => {
      const result = await runCli(["sync", "--json", "--config", config], { env: env() });
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout) as SyncReport;
      expect(report.summary.create).toBe(inScope.length);
      expect(report.failures).toEqual([]);

      const contacts = sim.contacts();
      expect(contacts).toHaveLength(inScope.length);
      expect(contacts.map((c) => c.externalId).sort()).toEqual([...externalIds.values()].sort());
      const byExternalId = new Map(contacts.map((c) => [c.externalId, c]));
      for (const user of inScope) {
        const contact = byExternalId.get(externalIds.get(user.sam) ?? "");
        expect(contact, user.sam).toMatchObject({ firstName: user.givenName, lastName: user.sn });
      }
      const aasa = byExternalId.get(externalIds.get("aasa.overgard") ?? "");
      expect(aasa).toMatchObject({
        firstName: "Åsa",
        lastName: "Øvergård-Ærø",
        displayName: "Åsa Øvergård-Ærø",
      });
      expect(byExternalId.get(externalIds.get("zoe.bronte") ?? "")?.displayName).toBe("Zoë Brontë");
    });

    it("a second run finds nothing to do: sync --check exits 0", async () => {
      sim.resetStats();
      const result = await runCli(["sync", "--check", "--config", config], { env: env() });
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("would create 0, update 0, delete 0");
      // The DC's filter leaves disabled accounts out uncounted: the report must not claim "0 disabled".
      expect(result.stdout).toContain(`Source: LDAP ${dc.ldapsUrl}, ${inScope.length} users.`);
      expect(result.stdout).not.toMatch(/disabled/);
      expect(writeRoutes(sim)).toEqual([]);
    });

    it("exits 69 on a wrong bind password, naming the DC and the bind DN, never the password, writing nothing", async () => {
      const wrong = "Wrong-Bind-Secret-4711";
      sim.resetStats();
      const result = await runCli(["sync", "--config", config], {
        env: { ...env(), [BIND_PASSWORD_ENV]: wrong },
      });
      expect(result.code).toBe(69);
      expect(result.stderr).toContain(dc.ldapsUrl);
      expect(result.stderr).toContain(population.serviceAccount.upn);
      expect(result.stderr).toMatch(/invalid credentials/);
      const output = result.stdout + result.stderr;
      expect(output).not.toContain(wrong);
      expect(output).not.toContain(population.serviceAccount.password);
      expect(writeRoutes(sim)).toEqual([]);
      expect(sim.contacts()).toHaveLength(inScope.length);
    });

    it("exits 69 when the CA file holds another CA, with a hint about tls.caFile", async () => {
      const wrongCa = join(dir, "another-ca.pem");
      await writeFile(wrongCa, rootCertificates[0] ?? "");
      const wrongConfig = join(dir, "wrong-ca.yaml");
      await writeFile(
        wrongConfig,
        configYaml({
          dc,
          bindDn: population.serviceAccount.upn,
          caFile: wrongCa,
          baseDns: [`OU=Staff,${dc.baseDn}`],
          pageSize: 500,
          sim,
          stateDir: join(dir, "state"),
        }),
      );
      sim.resetStats();
      const result = await runCli(["sync", "--config", wrongConfig], { env: env() });
      expect(result.code).toBe(69);
      expect(result.stderr).toContain(dc.ldapsUrl);
      expect(result.stderr).toMatch(/TLS failed/);
      expect(result.stderr).toMatch(/tls\.caFile/);
      expect(result.stdout + result.stderr).not.toContain(population.serviceAccount.password);
      expect(writeRoutes(sim)).toEqual([]);
    });

    it("exits 69 and writes nothing when the DC stops in the middle of a paged read, though deletes were due", async () => {
      if (!small) throw new Error("the second DC was never started");
      const stop = await small;
      const seeded = await startSimulator({ port: 0 });
      try {
        // Managed contacts whose users do not exist: a complete read would delete them.
        const orphans = seeded.seed(
          "E1001",
          Array.from({ length: 5 }, (_, i) => ({
            ...emptyContactInput(),
            externalId: `ad:00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
            firstName: "Gone",
            lastName: `Person ${i}`,
          })),
        );
        const stopConfig = join(dir, "stop.yaml");
        await writeFile(
          stopConfig,
          configYaml({
            dc: stop.dc,
            bindDn: stop.population.serviceAccount.upn,
            baseDns: [`OU=Staff,${stop.dc.baseDn}`],
            // One entry a page: the read takes many round trips, so it is surely paused mid-way.
            pageSize: 1,
            sim: seeded,
            stateDir: join(dir, "stop-state"),
            sync: { maxDeletes: 1000, maxDeletePercent: 100 },
          }),
        );
        const stopEnv = { ...MBN_ENV, [BIND_PASSWORD_ENV]: stop.population.serviceAccount.password };
        const inStopScope = expectedUsers(stop.population, {
          baseDns: [`OU=Staff,${stop.dc.baseDn}`],
          disabledAccounts: "exclude",
        });

        // While the DC is up, the plan deletes the orphans and the guards would let it through.
        const dry = await runCli(["sync", "--dry-run", "--json", "--config", stopConfig], { env: stopEnv });
        expect(dry.code).toBe(0);
        const plan = JSON.parse(dry.stdout) as SyncReport;
        expect(plan.planned).toMatchObject({ create: inStopScope.length, delete: orphans.length });
        expect(plan.guard.ok).toBe(true);

        seeded.resetStats();
        let pausedAtPage: number | undefined;
        let stopping: Promise<void> | undefined;
        const result = await runCli(["sync", "--verbose", "--config", stopConfig], {
          env: stopEnv,
          onStderr: (soFar, child) => {
            const pages = [...soFar.matchAll(/ page (\d+): 1 entries/g)].map((m) => Number(m[1]));
            const last = Math.max(0, ...pages);
            if (stopping || last < 2) return;
            pausedAtPage = last;
            // Pause the CLI, stop the DC (its workers too), then let the CLI ask for its next page.
            child.kill("SIGSTOP");
            stopping = stopSambaDc(stop.dc, { keepDir: true }).finally(() => child.kill("SIGCONT"));
          },
        });
        await stopping;
        expect(isAlive(stop.dc.pid)).toBe(false);
        expect(pausedAtPage).toBeDefined();
        expect(pausedAtPage).toBeLessThan(inStopScope.length);
        expect(result.code).toBe(69);
        expect(result.stderr).toMatch(/reading page \d+ of OU=Staff,DC=mbntest,DC=example failed/);
        expect(result.stderr).toContain(stop.dc.ldapsUrl);
        expect(result.stderr).toContain(stop.population.serviceAccount.upn);
        expect(result.stderr).not.toContain(stop.population.serviceAccount.password);
        expect(writeRoutes(seeded)).toEqual([]);
        expect(seeded.contacts().map((c) => c.id)).toEqual(orphans.map((c) => c.id));
      } finally {
        await seeded.close();
      }
    });
  },
);
