/**
 * source.incremental through the built CLI, on the shared Samba AD DC (in an OU of this file's own, so the other
 * AD tests keep their users) into the MBN simulator: a full sync, then a seeded sequence of edits, each followed
 * by a `sync` that must be a delta read and a `plan --full --check` (its own state directory, so the syncs stay
 * delta after delta) that must find nothing to do. And `check` says which mode applies and how deleted users go.
 * Needs dist/ (`npm run build` before running this file alone).
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SyncReport } from "../../../src/report/index.js";
import { startSimulator, type RunningSimulator } from "../../../src/simulator/index.js";
import { writeAdConfig } from "../../helpers/ad-config.js";
import { builtCliMissing, runCli, type CliResult } from "../../helpers/cli.js";
import type { SambaDcInfo } from "../../helpers/samba-dc.js";
import { sambaSkipReason, sharedSambaDc } from "../../helpers/samba-shared.js";
import { simulatorEnv } from "../../helpers/sync-config.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";
import { ldapModify, seededRandom } from "../ldap/delta-helpers.js";

const skip = sambaSkipReason();
const SEED = Number(process.env.INCREMENTAL_E2E_SEED ?? 20_261_130);
const EXTRA_STEPS = 2;

/** One user of the model: where it is, whether enabled, and how it belongs to the scope groups. */
interface ModelUser {
  dn: string;
  enabled: boolean;
  nested: boolean;
  direct: boolean;
}

function userLdif(dn: string, n: string, enabled: boolean): string {
  return [
    `dn: ${dn}`,
    "changetype: add",
    "objectClass: user",
    `sAMAccountName: incr${n}`,
    `givenName: Inkr`,
    `sn: Bruker ${n}`,
    `mail: incr${n}@incremental.example`,
    `mobile: +47 400 00 ${n.padStart(3, "0").slice(-3)}`,
    `title: Start ${n}`,
    `userAccountControl: ${enabled ? 512 : 514}`,
    "",
  ].join("\n");
}

describe.skipIf(skip !== undefined)(
  `incremental reads from a Samba AD DC through the built CLI${skip ? ` (skipped: ${skip})` : ""}`,
  () => {
    let dc: SambaDcInfo;
    let sim: RunningSimulator;
    let dir: string;
    let env: Record<string, string>;
    let adminEnv: Record<string, string>;
    let top: string;
    let inside: string;
    let outside: string;
    let root: string;
    let nested: string;
    const users = new Map<string, ModelUser>();
    let serviceUpn: string;

    const cfg = (
      file: string,
      p: { state: string; bindDn?: string; extra?: Record<string, unknown> },
    ): string =>
      writeAdConfig(join(dir, file), {
        dc,
        bindDn: p.bindDn ?? serviceUpn,
        baseDns: [inside],
        source: { memberOf: [root], incremental: true, ...p.extra },
        mbnUrl: sim.url,
        stateDir: join(dir, p.state),
      });
    const inScope = (): number =>
      [...users.values()].filter((u) => u.enabled && (u.nested || u.direct) && u.dn.endsWith(`,${inside}`))
        .length;

    beforeAll(async () => {
      const missing = builtCliMissing();
      if (missing) throw new Error(missing);
      const shared = await sharedSambaDc();
      dc = shared.dc;
      serviceUpn = shared.population.serviceAccount.upn;
      env = { ...simulatorEnv, LDAP_BIND_PASSWORD: shared.population.serviceAccount.password };
      adminEnv = { ...simulatorEnv, LDAP_BIND_PASSWORD: dc.adminPassword };
      sim = await startSimulator({ port: 0 });
      dir = await tempDir("mbn-incremental-ad-");
      top = `OU=Incremental ${process.pid},${dc.baseDn}`;
      inside = `OU=In,${top}`;
      outside = `OU=Out,${top}`;
      root = `CN=Incr Root ${process.pid},${top}`;
      nested = `CN=Incr Nested ${process.pid},${top}`;
      const ou = (dn: string): string => `dn: ${dn}\nchangetype: add\nobjectClass: organizationalUnit\n`;
      const records = [ou(top), ou(inside), ou(outside)];
      // Eight users inside (one disabled, one only in the root group, one in no group), one outside.
      for (let i = 1; i <= 9; i++) {
        const n = String(i);
        const dn = `CN=Incr ${n},${i === 9 ? outside : inside}`;
        users.set(n, { dn, enabled: i !== 8, nested: i <= 5 || i >= 8, direct: i === 6 });
        records.push(userLdif(dn, n, i !== 8));
      }
      const members = (pick: (u: ModelUser) => boolean): string =>
        [...users.values()]
          .filter(pick)
          .map((u) => `member: ${u.dn}\n`)
          .join("");
      records.push(
        `dn: ${nested}\nchangetype: add\nobjectClass: group\n${members((u) => u.nested)}`,
        `dn: ${root}\nchangetype: add\nobjectClass: group\nmember: ${nested}\n${members((u) => u.direct)}`,
        // A user created and deleted at once: a tombstone for the administrator's check to see.
        userLdif(`CN=Incr Gone,${top}`, "0", true),
        `dn: CN=Incr Gone,${top}\nchangetype: delete\n`,
      );
      await ldapModify(dc, records.join("\n"));
    });
    afterAll(async () => {
      await sim.close();
      await removeTempDirs();
    });

    it("check says delta reads apply, that nothing needs Replicating Directory Changes, and how deleted users are removed", async () => {
      const svc = await runCli(["check", "--config", cfg("check.yaml", { state: "check-state" })], {
        env,
      });
      expect(svc.code, svc.stdout).toBe(0);
      expect(svc.stdout).toMatch(
        /^ {4}source\.incremental: delta reads on, from CN=NTDS Settings,CN=[^,]+,CN=Servers,.* \(highestCommittedUSN \d+\); the account stays read-only: nothing needs "Replicating Directory Changes"$/m,
      );
      expect(svc.stdout).toContain(
        `    Deleted users: no tombstone under CN=Deleted Objects,${dc.baseDn} is visible to this account (the default), ` +
          "so a deleted user is removed by the full read every 24 h (source.fullReadAfterHours; users disabled first are removed at once). " +
          `To remove them at once, let the account list the container: dsacls "CN=Deleted Objects,${dc.baseDn}" /takeownership, ` +
          `then dsacls "CN=Deleted Objects,${dc.baseDn}" /G "${serviceUpn}:LCRP"`,
      );
      // An account that may list CN=Deleted Objects (here the domain's administrator) sees tombstones.
      const admin = await runCli(
        ["check", "--config", cfg("check-admin.yaml", { state: "admin-state", bindDn: dc.adminUpn })],
        { env: adminEnv },
      );
      expect(admin.code, admin.stdout).toBe(0);
      expect(admin.stdout).toContain(
        `    Deleted users: tombstones under CN=Deleted Objects,${dc.baseDn} are visible to this account, so a delta removes a deleted user at once`,
      );
    });

    it(`after a full sync, each edit of a seeded sequence (seed ${SEED}) is synced by a delta read and leaves nothing for plan --full`, async () => {
      console.log(`incremental CLI sequence seed: ${SEED} (INCREMENTAL_E2E_SEED=${SEED} runs it again)`);
      const started = performance.now();
      const config = cfg("sync.yaml", { state: "state" });
      // The same state and scope with the periodic full read due at every run (0.0001 h is 0.36 s).
      const periodic = cfg("periodic.yaml", {
        state: "state",
        extra: { fullReadAfterHours: 0.0001 },
      });
      const checkConfig = cfg("full-check.yaml", { state: "full-check-state" });
      const sync = async (file: string, step: string, users = inScope()): Promise<SyncReport> => {
        const result: CliResult = await runCli(["sync", "--json", "--config", file], { env });
        expect(result.code, `${step}: ${result.stderr}`).toBe(0);
        const report = JSON.parse(result.stdout) as SyncReport;
        expect(report.source.users, `${step}: users in scope`).toBe(users);
        return report;
      };
      const fullCheck = async (): Promise<number | null> =>
        (await runCli(["plan", "--full", "--check", "--config", checkConfig], { env })).code;

      const first = await sync(config, "first sync");
      expect(first.source).toMatchObject({ mode: "full", reason: "no directory watermark in the state" });
      expect(sim.contacts().length).toBe(inScope());
      expect(await fullCheck()).toBe(0);

      const random = seededRandom(SEED);
      const pick = <T>(list: readonly T[]): T | undefined => list[Math.floor(random() * list.length)];
      const where = (u: ModelUser): string => u.dn.slice(u.dn.indexOf(",") + 1);
      const rdnOf = (u: ModelUser): string => u.dn.slice(0, u.dn.indexOf(","));
      const scoped = (): ModelUser[] =>
        [...users.values()].filter((u) => u.enabled && (u.nested || u.direct) && where(u) === inside);
      const modify = (u: ModelUser, change: string): Promise<void> =>
        ldapModify(dc, `dn: ${u.dn}\nchangetype: modify\n${change}\n`);
      const move = async (u: ModelUser, rdn: string, parent: string): Promise<void> => {
        await ldapModify(
          dc,
          `dn: ${u.dn}\nchangetype: modrdn\nnewrdn: ${rdn}\ndeleteoldrdn: 1\nnewsuperior: ${parent}\n`,
        );
        u.dn = `${rdn},${parent}`;
      };
      let created = 100;
      /** Each edit returns what it did, or null when nobody fits it now. */
      const edits: Record<string, () => Promise<string | null>> = {
        attribute: async () => {
          const u = pick(scoped());
          if (!u) return null;
          await modify(u, `replace: title\ntitle: Title ${Math.floor(random() * 1e6)}`);
          return `title of ${u.dn}`;
        },
        rename: async () => {
          const u = pick(scoped());
          if (!u) return null;
          const from = u.dn;
          await move(u, `CN=Incr Renamed ${Math.floor(random() * 1e6)}`, inside);
          return `rename ${from} to ${u.dn}`;
        },
        moveOut: async () => {
          const u = pick(scoped());
          if (!u) return null;
          const from = u.dn;
          await move(u, rdnOf(u), outside);
          return `move ${from} out of the base OU`;
        },
        moveIn: async () => {
          const u = pick([...users.values()].filter((x) => where(x) === outside));
          if (!u) return null;
          const from = u.dn;
          await move(u, rdnOf(u), inside);
          return `move ${from} into the base OU`;
        },
        disable: async () => {
          const u = pick(scoped());
          if (!u) return null;
          await modify(u, "replace: userAccountControl\nuserAccountControl: 514");
          u.enabled = false;
          return `disable ${u.dn}`;
        },
        enable: async () => {
          const u = pick([...users.values()].filter((x) => !x.enabled));
          if (!u) return null;
          await modify(u, "replace: userAccountControl\nuserAccountControl: 512");
          u.enabled = true;
          return `enable ${u.dn}`;
        },
        join: async () => {
          const u = pick([...users.values()].filter((x) => !x.nested));
          if (!u) return null;
          await ldapModify(dc, `dn: ${nested}\nchangetype: modify\nadd: member\nmember: ${u.dn}\n`);
          u.nested = true;
          return `add ${u.dn} to the nested scope group`;
        },
        leave: async () => {
          const u = pick(scoped().filter((x) => x.nested && !x.direct));
          if (!u) return null;
          await ldapModify(dc, `dn: ${nested}\nchangetype: modify\ndelete: member\nmember: ${u.dn}\n`);
          u.nested = false;
          return `remove ${u.dn} from the nested scope group`;
        },
        create: async () => {
          const n = String((created += 1));
          const u: ModelUser = { dn: `CN=Incr ${n},${inside}`, enabled: true, nested: true, direct: false };
          await ldapModify(
            dc,
            `${userLdif(u.dn, n, true)}\ndn: ${nested}\nchangetype: modify\nadd: member\nmember: ${u.dn}\n`,
          );
          users.set(n, u);
          return `create ${u.dn} in the nested scope group`;
        },
        delete: async () => {
          const u = pick(scoped());
          if (!u) return null;
          await ldapModify(dc, `dn: ${u.dn}\nchangetype: delete\n`);
          for (const [key, value] of users) if (value === u) users.delete(key);
          return `delete ${u.dn}`;
        },
      };
      // Every kind once, in the seed's order, then a few at random.
      const kinds = Object.keys(edits)
        .map((k) => ({ k, r: random() }))
        .sort((a, b) => a.r - b.r)
        .map((x) => x.k);
      for (let i = 0; i < EXTRA_STEPS; i++) kinds.push(pick(Object.keys(edits)) ?? "attribute");
      let runs = 2;
      for (const [step, kind] of kinds.entries()) {
        const what = (await edits[kind]?.()) ?? `${kind}: nobody fits`;
        const label = `step ${step} (${what})`;
        console.log(label);
        // After a delete, the delta still holds the deleted user: its tombstone is hidden from this account.
        const report = await sync(config, label, inScope() + (kind === "delete" ? 1 : 0));
        expect(report.source.mode, `${label}: ${report.source.reason ?? ""}`).toBe("delta");
        runs += 2;
        if (kind === "delete") {
          // The read-only account sees no tombstone: the contact stays until the periodic full read removes it.
          expect(await fullCheck(), `${label}: plan --full still finds the deleted user's contact`).toBe(2);
          const late = await sync(periodic, `${label}, periodic full read`);
          expect(late.source.mode).toBe("full");
          expect(late.source.reason).toMatch(
            /^the last full read was .* \(source\.fullReadAfterHours: 0\.0001\)$/,
          );
          runs += 2;
        }
        expect(await fullCheck(), `${label}: plan --full --check`).toBe(0);
      }
      expect(sim.contacts().length).toBe(inScope());
      const seconds = (performance.now() - started) / 1000;
      console.log(`${kinds.length} edits, ${runs} CLI runs in ${seconds.toFixed(1)} s`);
    }, 180_000);
  },
);
