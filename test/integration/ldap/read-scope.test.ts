import { beforeAll, describe, expect, it } from "vitest";
import { guidFromBytes } from "../../../src/model/guid.js";
import { createLdapSource, type LdapSourceOptions } from "../../../src/source/ldap/index.js";
import type { SourceUser } from "../../../src/source/types.js";
import { expectedUsers, type Population } from "../../fixtures/ad/index.js";
import type { SambaDcInfo } from "../../helpers/samba-dc.js";
import { guidsByLdapsearch, ldapOptionsFor } from "../../helpers/samba-options.js";
import { sambaSkipReason, sharedSambaDc } from "../../helpers/samba-shared.js";

const skip = sambaSkipReason();
const MAPPING_ATTRIBUTES = ["givenName", "sn", "displayName", "mail", "mobile", "telephoneNumber"];

describe.skipIf(skip !== undefined)(
  `LDAP source: which users a read returns${skip ? ` (skipped: ${skip})` : ""}`,
  () => {
    let dc: SambaDcInfo;
    let population: Population;
    const read = async (overrides: Partial<LdapSourceOptions>): Promise<SourceUser[]> => {
      const result = await createLdapSource(ldapOptionsFor(dc, population, overrides)).read({
        attributes: MAPPING_ATTRIBUTES,
      });
      return result.users;
    };
    const sams = (users: SourceUser[]): string[] =>
      users.map((u) => u.attributes["samaccountname"]?.[0] ?? "").sort();

    beforeAll(async () => {
      ({ dc, population } = await sharedSambaDc());
    });

    it("reads every enabled person under the base with the default filter, across the 1000-entry page boundary", async () => {
      const users = await read({});
      const expected = expectedUsers(population, {
        baseDns: [`OU=Staff,${dc.baseDn}`],
        disabledAccounts: "exclude",
      });
      expect(expected.length).toBeGreaterThan(1000);
      expect(users).toHaveLength(expected.length);
      expect(sams(users)).toEqual(expected.map((u) => u.sam).sort());
      const names = new Set(sams(users));
      // The computer and the contact in OU=Oslo, the service account outside the base, disabled people: all left out.
      for (const absent of ["WS0001$", "svc-mbnsync", "disabled.sales"])
        expect(names.has(absent)).toBe(false);
      for (const present of ["aasa.overgard", "jose.nunez", "zoe.bronte", "per.hansen", "ola.kari"]) {
        expect(names.has(present)).toBe(true);
      }
    });

    it("keeps non-ASCII names and DNs with escaped characters intact, and normalises every attribute to string[]", async () => {
      const users = await read({
        baseDns: [
          `OU=Oslo,OU=Staff,${dc.baseDn}`,
          `OU=Bergen,OU=Staff,${dc.baseDn}`,
          `OU=Trondheim,OU=Staff,${dc.baseDn}`,
        ],
      });
      const bySam = new Map(users.map((u) => [u.attributes["samaccountname"]?.[0], u]));
      const aasa = bySam.get("aasa.overgard");
      expect(aasa?.attributes["givenname"]).toEqual(["Åsa"]);
      expect(aasa?.attributes["sn"]).toEqual(["Øvergård-Ærø"]);
      expect(aasa?.dn).toBe(`CN=Åsa Øvergård-Ærø,OU=Oslo,OU=Staff,${dc.baseDn}`);
      expect(bySam.get("zoe.bronte")?.attributes["displayname"]).toEqual(["Zoë Brontë"]);
      expect(bySam.get("jose.nunez")?.attributes["givenname"]).toEqual(["José"]);
      expect(bySam.get("per.hansen")?.dn).toBe(`CN=Hansen\\, Per,OU=Oslo,OU=Staff,${dc.baseDn}`);
      expect(bySam.get("ola.kari")?.dn).toBe(`CN=Ola \\+ Kari Nordmann,OU=Bergen,OU=Staff,${dc.baseDn}`);
      for (const user of users) {
        expect(user.guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        for (const values of Object.values(user.attributes)) {
          expect(Array.isArray(values)).toBe(true);
          for (const v of values) expect(typeof v).toBe("string");
        }
        expect(Object.keys(user.attributes).every((k) => k === k.toLowerCase())).toBe(true);
        expect(user.attributes["useraccountcontrol"]).toEqual(["512"]);
      }
    });

    it("matches non-ASCII text written plainly in the admin's filter", async () => {
      const users = await read({
        filter: "(&(objectCategory=person)(objectClass=user)(|(givenName=Åsa)(sn=Brontë)))",
      });
      expect(sams(users)).toEqual(["aasa.overgard", "zoe.bronte"]);
    });

    it("includes disabled accounts when disabledAccounts is include", async () => {
      const users = await read({ disabledAccounts: "include" });
      const expected = expectedUsers(population, {
        baseDns: [`OU=Staff,${dc.baseDn}`],
        disabledAccounts: "include",
      });
      expect(sams(users)).toEqual(expected.map((u) => u.sam).sort());
      expect(expected.some((u) => u.disabled)).toBe(true);
      const disabled = users.find((u) => u.attributes["samaccountname"]?.[0] === "disabled.sales");
      expect(disabled?.attributes["useraccountcontrol"]).toEqual(["514"]);
    });

    it("selects the members of a group through groups nested three deep", async () => {
      const group = `CN=MBN Directory,OU=Groups,${dc.baseDn}`;
      const users = await read({ memberOf: [group] });
      const expected = expectedUsers(population, {
        baseDns: [`OU=Staff,${dc.baseDn}`],
        disabledAccounts: "exclude",
        memberOf: [group],
      });
      expect(users.length).toBeGreaterThan(10);
      expect(sams(users)).toEqual(expected.map((u) => u.sam).sort());
      // aasa is only in the innermost group; zoe in the middle one; ola.kari directly in MBN Directory.
      expect(sams(users)).toEqual(
        expect.arrayContaining(["aasa.overgard", "per.hansen", "zoe.bronte", "ola.kari"]),
      );
      expect(sams(users)).not.toContain("disabled.sales");
      expect(sams(users)).not.toContain("jose.nunez");
    });

    it("reads a person reached through two overlapping base DNs once", async () => {
      const users = await read({ baseDns: [`OU=Staff,${dc.baseDn}`, `OU=Oslo,OU=Staff,${dc.baseDn}`] });
      const expected = expectedUsers(population, {
        baseDns: [`OU=Staff,${dc.baseDn}`],
        disabledAccounts: "exclude",
      });
      expect(users).toHaveLength(expected.length);
      expect(new Set(users.map((u) => u.guid)).size).toBe(users.length);
    });

    it("hands each user over as its page arrives (onUser): the users of a collected read, in its order", async () => {
      const overrides = {
        baseDns: [`OU=Staff,${dc.baseDn}`, `OU=Oslo,OU=Staff,${dc.baseDn}`],
        pageSize: 500,
      };
      const collected = await read(overrides);
      const handed: SourceUser[] = [];
      const streamed = await createLdapSource(ldapOptionsFor(dc, population, overrides)).read({
        attributes: MAPPING_ATTRIBUTES,
        onUser: (user) => handed.push(user),
      });
      expect(streamed.users).toEqual([]);
      expect(collected.length).toBeGreaterThan(1000);
      expect(handed).toEqual(collected);
    });

    it("decodes objectGUID to the same GUIDs ldapsearch shows", async () => {
      const users = await read({ pageSize: 500 });
      const byDn = new Map(users.map((u) => [u.dn, u.guid]));
      const fromLdapsearch = await guidsByLdapsearch(
        dc,
        "(|(sAMAccountName=aasa.overgard)(sAMAccountName=per.hansen)(sAMAccountName=zoe.bronte)(sAMAccountName=u00007))",
      );
      expect(fromLdapsearch.size).toBe(4);
      for (const [dn, bytes] of fromLdapsearch) {
        expect(byDn.get(dn)).toBe(guidFromBytes(bytes));
      }
    });
  },
);
