/**
 * Incremental reads against a Samba AD DC of its own (the edits would disturb the shared one): a full read
 * with the tool's group expansion selects the same users as the DC's transitive rule; an idle delta reads no
 * user entry; after each edit of a seeded random sequence, a delta read holds what a full read holds.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLdapSource, type LdapSourceOptions } from "../../../src/source/ldap/index.js";
import type { DirectoryWatermark, SourceReadResult, SourceUser } from "../../../src/source/types.js";
import { buildPopulation, type Population } from "../../fixtures/ad/index.js";
import { provisionSambaDc, stopSambaDc, type SambaDcInfo } from "../../helpers/samba-dc.js";
import { ldapOptionsFor } from "../../helpers/samba-options.js";
import { populate } from "../../helpers/samba-populate.js";
import { sambaSkipReason } from "../../helpers/samba-shared.js";
import { ldapModify, seededRandom } from "./delta-helpers.js";

const skip = sambaSkipReason();
const ATTRS = ["givenName", "sn", "displayName", "mail", "mobile", "telephoneNumber", "title"];
const DAY = 86_400_000;
const SEED = Number(process.env.DELTA_SEED ?? 20_260_416);
const STEPS = 24;

type Scope = "base" | "groups";

describe.skipIf(skip !== undefined)(
  `LDAP source: incremental reads${skip ? ` (skipped: ${skip})` : ""}`,
  () => {
    let dc: SambaDcInfo;
    let population: Population;
    const options = (scope: Scope): LdapSourceOptions =>
      ldapOptionsFor(
        dc,
        population,
        scope === "groups" ? { memberOf: [`CN=MBN Directory,OU=Groups,${dc.baseDn}`] } : {},
      );
    const classic = async (scope: Scope): Promise<SourceUser[]> =>
      (await createLdapSource(options(scope)).read({ attributes: ATTRS })).users;
    const incremental = async (
      scope: Scope,
      previous: DirectoryWatermark | null,
      now = new Date(),
    ): Promise<SourceReadResult> =>
      createLdapSource(options(scope)).read({
        attributes: ATTRS,
        incremental: { previous, full: false, fullReadAfterMs: DAY, now },
      });
    const canonical = (users: SourceUser[]): string[] =>
      users.map((u) => JSON.stringify([u.guid, u.dn, Object.entries(u.attributes).sort()])).sort();

    beforeAll(async () => {
      dc = await provisionSambaDc({ label: "delta", maxRuntimeS: 900 });
      population = buildPopulation({ baseDn: dc.baseDn, staffCount: 1600 });
      await populate(dc, population);
      await ldapModify(
        dc,
        `dn: OU=Elsewhere,${dc.baseDn}\nchangetype: add\nobjectClass: organizationalUnit\n`,
      );
    }, 300_000);
    afterAll(async () => {
      if ((dc as SambaDcInfo | undefined) !== undefined) await stopSambaDc(dc);
    });

    it("reads the same users in a full read with the tool's group expansion as with the DC's transitive rule; an idle delta reads no user entry (LDAP time printed)", async () => {
      for (const scope of ["base", "groups"] as const) {
        let t = performance.now();
        const before = await classic(scope);
        const classicMs = performance.now() - t;
        t = performance.now();
        const full = await incremental(scope, null);
        const fullMs = performance.now() - t;
        t = performance.now();
        const idle = await incremental(scope, full.incremental?.watermark ?? null);
        const idleMs = performance.now() - t;
        // A write elsewhere moves the DC's USN without touching a user, group or tombstone: the delta searches.
        await ldapModify(
          dc,
          `dn: OU=Elsewhere,${dc.baseDn}\nchangetype: modify\nreplace: description\ndescription: ${scope}\n`,
        );
        t = performance.now();
        const quiet = await incremental(scope, full.incremental?.watermark ?? null);
        const quietMs = performance.now() - t;
        expect(canonical(full.users)).toEqual(canonical(before));
        expect(full.incremental?.info).toMatchObject({ mode: "full", entriesRead: before.length });
        for (const delta of [idle, quiet]) {
          expect(delta.incremental?.info).toMatchObject({ mode: "delta", entriesRead: 0 });
          expect(canonical(delta.users)).toEqual(canonical(before));
        }
        expect(quiet.incremental?.info.usn?.to).toBeGreaterThan(idle.incremental?.info.usn?.to ?? Infinity);
        console.log(
          `${scope}: ${before.length} users in scope; transitive-rule read ${classicMs.toFixed(0)} ms, expansion read ${fullMs.toFixed(0)} ms, ` +
            `idle delta ${idleMs.toFixed(0)} ms (ratio to the full read ${(idleMs / fullMs).toFixed(2)}), ` +
            `delta after an unrelated write ${quietMs.toFixed(0)} ms (ratio ${(quietMs / fullMs).toFixed(2)})`,
        );
      }
    }, 120_000);

    it("forces a full read on another DC, a changed invocationID or --full", async () => {
      const full = await incremental("base", null);
      const w = full.incremental?.watermark;
      if (!w) throw new Error("no watermark");
      const other = await incremental("base", {
        ...w,
        dc: { ...w.dc, service: `CN=NTDS Settings,CN=DC2,${w.dc.service.split(",").slice(2).join(",")}` },
      });
      expect(other.incremental?.info.mode).toBe("full");
      expect(other.incremental?.info.reason).toMatch(/^another DC/);
      const restored = await incremental("base", {
        ...w,
        dc: { ...w.dc, invocationId: "00000000-0000-4000-8000-000000000000" },
      });
      expect(restored.incremental?.info.reason).toMatch(/invocationID changed/);
      const late = await incremental("base", w, new Date(Date.now() + DAY + 1000));
      expect(late.incremental?.info.reason).toMatch(/last full read/);
    }, 60_000);

    it("removes a deleted user at once where the account sees tombstones (the domain's administrator here)", async () => {
      const asAdmin = (previous: DirectoryWatermark | null): Promise<SourceReadResult> =>
        createLdapSource({ ...options("base"), bindDn: dc.adminUpn, bindPassword: dc.adminPassword }).read({
          attributes: ATTRS,
          incremental: { previous, full: false, fullReadAfterMs: DAY, now: new Date() },
        });
      const dn = `CN=Tomb Stone,OU=Oslo,OU=Staff,${dc.baseDn}`;
      await ldapModify(
        dc,
        `dn: ${dn}\nchangetype: add\nobjectClass: user\nsAMAccountName: tombstone1\ngivenName: Tomb\nsn: Stone\nmail: tomb@example.org\nuserAccountControl: 512\n`,
      );
      const full = await asAdmin(null);
      const guid = full.users.find((u) => u.dn === dn)?.guid;
      expect(guid).toEqual(expect.any(String));
      await ldapModify(dc, `dn: ${dn}\nchangetype: delete\n`);
      const delta = await asAdmin(full.incremental?.watermark ?? null);
      expect(delta.incremental?.info).toMatchObject({ mode: "delta", entriesRead: 0 });
      expect(delta.users.map((u) => u.guid)).not.toContain(guid);
      expect(delta.users).toHaveLength(full.users.length - 1);
    }, 60_000);

    it(`after each edit of a random sequence (seed ${SEED}), a delta read holds what a full read holds`, async () => {
      console.log(`delta sequence seed: ${SEED} (DELTA_SEED=${SEED} runs it again)`);
      const random = seededRandom(SEED);
      const pick = <T>(list: readonly T[]): T => {
        const item = list[Math.floor(random() * list.length)];
        if (item === undefined) throw new Error("empty list");
        return item;
      };
      const staff = population.users.map((u) => u.dn);
      const elsewhere: string[] = [];
      const sales = `CN=MBN Oslo Sales,OU=Groups,${dc.baseDn}`;
      const salesMembers = new Set(population.groups[0]?.members ?? []);
      const oslo = `OU=Oslo,OU=Staff,${dc.baseDn}`;
      const watermarks: Record<Scope, DirectoryWatermark | undefined> = {
        base: undefined,
        groups: undefined,
      };
      for (const scope of ["base", "groups"] as const)
        watermarks[scope] = (await incremental(scope, null)).incremental?.watermark;
      const moveTo = (from: string[], to: string[], dn: string, next: string): void => {
        from.splice(from.indexOf(dn), 1);
        to.push(next);
        if (salesMembers.delete(dn)) salesMembers.add(next);
      };
      const edits: Record<string, () => Promise<string>> = {
        attribute: async () => {
          const dn = pick(staff);
          await ldapModify(
            dc,
            `dn: ${dn}\nchangetype: modify\nreplace: title\ntitle: Title ${Math.floor(random() * 1e6)}\n`,
          );
          return `title of ${dn}`;
        },
        rename: async () => {
          const dn = pick(staff);
          const rdn = `CN=Renamed ${Math.floor(random() * 1e6)}`;
          await ldapModify(dc, `dn: ${dn}\nchangetype: modrdn\nnewrdn: ${rdn}\ndeleteoldrdn: 1\n`);
          moveTo(staff, staff, dn, `${rdn},${dn.slice(dn.search(/(?<!\\),/) + 1)}`);
          return `rename ${dn}`;
        },
        moveOut: async () => {
          const dn = pick(staff);
          const rdn = dn.slice(0, dn.search(/(?<!\\),/));
          await ldapModify(
            dc,
            `dn: ${dn}\nchangetype: modrdn\nnewrdn: ${rdn}\ndeleteoldrdn: 1\nnewsuperior: OU=Elsewhere,${dc.baseDn}\n`,
          );
          moveTo(staff, elsewhere, dn, `${rdn},OU=Elsewhere,${dc.baseDn}`);
          return `move out ${dn}`;
        },
        moveIn: async () => {
          if (elsewhere.length === 0) return "move in: nobody elsewhere";
          const dn = pick(elsewhere);
          const rdn = dn.slice(0, dn.search(/(?<!\\),/));
          await ldapModify(
            dc,
            `dn: ${dn}\nchangetype: modrdn\nnewrdn: ${rdn}\ndeleteoldrdn: 1\nnewsuperior: ${oslo}\n`,
          );
          moveTo(elsewhere, staff, dn, `${rdn},${oslo}`);
          return `move in ${dn}`;
        },
        disable: async () => {
          const dn = pick(staff);
          await ldapModify(
            dc,
            `dn: ${dn}\nchangetype: modify\nreplace: userAccountControl\nuserAccountControl: 514\n`,
          );
          return `disable ${dn}`;
        },
        enable: async () => {
          const dn = pick(staff);
          await ldapModify(
            dc,
            `dn: ${dn}\nchangetype: modify\nreplace: userAccountControl\nuserAccountControl: 512\n`,
          );
          return `enable ${dn}`;
        },
        joinGroup: async () => {
          const dn = pick(staff.filter((d) => !salesMembers.has(d)));
          await ldapModify(dc, `dn: ${sales}\nchangetype: modify\nadd: member\nmember: ${dn}\n`);
          salesMembers.add(dn);
          return `add ${dn} to the nested group`;
        },
        leaveGroup: async () => {
          if (salesMembers.size === 0) return "leave: nobody in the group";
          const dn = pick([...salesMembers]);
          await ldapModify(dc, `dn: ${sales}\nchangetype: modify\ndelete: member\nmember: ${dn}\n`);
          salesMembers.delete(dn);
          return `remove ${dn} from the nested group`;
        },
        create: async () => {
          const n = Math.floor(random() * 1e6);
          const dn = `CN=New ${n},${oslo}`;
          await ldapModify(
            dc,
            `dn: ${dn}\nchangetype: add\nobjectClass: user\nsAMAccountName: new${n}\ngivenName: New\nsn: ${n}\nmail: new${n}@example.org\nuserAccountControl: 512\n`,
          );
          staff.push(dn);
          if (random() < 0.5) {
            await ldapModify(dc, `dn: ${sales}\nchangetype: modify\nadd: member\nmember: ${dn}\n`);
            salesMembers.add(dn);
          }
          return `create ${dn}`;
        },
        delete: async () => {
          const dn = pick(staff);
          await ldapModify(dc, `dn: ${dn}\nchangetype: delete\n`);
          staff.splice(staff.indexOf(dn), 1);
          salesMembers.delete(dn);
          return `delete ${dn}`;
        },
      };
      const kinds = Object.keys(edits);
      // The runs' clock: a delete moves it past source.fullReadAfterHours, as the periodic full read would come.
      const clock: Record<Scope, number> = { base: Date.now(), groups: Date.now() };
      for (let step = 0; step < STEPS; step++) {
        // Every kind once in the first steps, then at random.
        const kind = step < kinds.length ? (kinds[step] ?? "attribute") : pick(kinds);
        const what = await (edits[kind] ?? edits.attribute)?.();
        for (const scope of ["base", "groups"] as const) {
          const delta = await incremental(scope, watermarks[scope] ?? null, new Date(clock[scope]));
          const truth = await classic(scope);
          expect(delta.incremental?.info.mode, `step ${step} (${what}), ${scope}`).toBe("delta");
          const truthSet = new Set(canonical(truth));
          const extra = new Set(canonical(delta.users).filter((u) => !truthSet.has(u)));
          if (kind === "delete" && extra.size > 0) {
            // The read-only account sees no tombstone on Samba: the deleted user stays until the periodic full read.
            expect(extra.size, `step ${step} (${what}), ${scope}`).toBe(1);
            const late = await incremental(
              scope,
              delta.incremental?.watermark ?? null,
              new Date((clock[scope] += DAY + 1000)),
            );
            expect(late.incremental?.info.mode).toBe("full");
            expect(canonical(late.users), `step ${step} (${what}), ${scope}: the periodic full read`).toEqual(
              canonical(truth),
            );
            watermarks[scope] = late.incremental?.watermark;
            continue;
          }
          expect(canonical(delta.users), `step ${step} (${what}), ${scope}`).toEqual(canonical(truth));
          watermarks[scope] = delta.incremental?.watermark;
        }
      }
    }, 300_000);
  },
);
