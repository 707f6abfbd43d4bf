/**
 * Hostile directory values end to end: users with a 2,000-character title, control characters,
 * right-to-left marks and emoji in their names, two users sharing one mail, and a scope group whose name
 * holds filter and DN metacharacters, added in one batch to the shared Samba AD DC and synced through the
 * built CLI into the MBN simulator. Each member ends as a clean contact (with warnings) or a skip with its
 * reason, never a crash, and the group filter matches exactly its members.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guidFromBytes } from "../../../src/model/guid.js";
import type { SyncReport } from "../../../src/report/index.js";
import { startSimulator, type RunningSimulator } from "../../../src/simulator/index.js";
import { writeAdConfig } from "../../helpers/ad-config.js";
import { builtCliMissing, runCli } from "../../helpers/cli.js";
import type { SambaDcInfo } from "../../helpers/samba-dc.js";
import { guidsByLdapsearch } from "../../helpers/samba-options.js";
import { ldapadd } from "../../helpers/samba-populate.js";
import { sambaSkipReason, sharedSambaDc } from "../../helpers/samba-shared.js";
import { simulatorEnv } from "../../helpers/sync-config.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";

const skip = sambaSkipReason();

/** RFC 2849: base64 unless plain printable ASCII. */
function ldifLine(name: string, value: string): string {
  const safe = /^[\x21-\x39\x3b\x3d-\x7e][\x20-\x7e]*$/.test(value) && !value.endsWith(" ");
  return safe ? `${name}: ${value}` : `${name}:: ${Buffer.from(value, "utf8").toString("base64")}`;
}

interface HostileUser {
  sam: string;
  attributes: Record<string, string>;
}

/**
 * AD holds at most 256 characters in displayName and 128 in title (Samba refuses more with "invalid
 * syntax", as Windows does): the longest a DC can give. MBN takes 128 in displayName, so it is cut, with a
 * warning. Longer values (2,000, 10,000 characters) come only from LDIF files, and the mapping's property
 * tests cover them.
 */
const LONG_NAME = "Senior Principal Adviser for Everything ".repeat(7).slice(0, 256);
const LONG_TITLE = "Tittel ".repeat(19).slice(0, 128);

/** The group's members: each must end as a contact or a skip. */
const MEMBERS: HostileUser[] = [
  {
    sam: "hx.long",
    attributes: { givenName: "Lang", sn: "Tittel", displayName: LONG_NAME, title: LONG_TITLE },
  },
  {
    sam: "hx.control",
    attributes: { givenName: "Bell\u0007Ringer", sn: "Esc\u001bape\u0001", displayName: "Bell\u0007 Ringer" },
  },
  {
    sam: "hx.rtl",
    attributes: { givenName: "\u200fנועה", sn: "כהן\u200f", displayName: "\u202eNoa Cohen\u202c" },
  },
  {
    sam: "hx.emoji",
    attributes: { givenName: "Zoë 🚀", sn: "Brontë 👩‍👩‍👧‍👦", mail: "zoe.emoji@hostile.example" },
  },
  { sam: "hx.shared1", attributes: { givenName: "Delt", sn: "En", mail: "shared@hostile.example" } },
  { sam: "hx.shared2", attributes: { givenName: "Delt", sn: "To", mail: "shared@hostile.example" } },
  { sam: "hx.noname", attributes: { givenName: "\u0007", sn: "\u200f" } },
];
/** In the same OU but not members: one in a group whose name the scope group's name starts with. */
const OUTSIDERS: HostileUser[] = [
  { sam: "hx.decoy", attributes: { givenName: "Decoy", sn: "Member" } },
  { sam: "hx.loner", attributes: { givenName: "Lone", sn: "User" } },
];

function batchLdif(ou: string, group: string, decoy: string): string {
  const userDn = (u: HostileUser): string => `CN=${u.sam},${ou}`;
  const user = (u: HostileUser): string[] => [
    ldifLine("dn", userDn(u)),
    "objectClass: user",
    `sAMAccountName: ${u.sam}`,
    "userAccountControl: 512",
    ...Object.entries(u.attributes).map(([k, v]) => ldifLine(k, v)),
  ];
  const records = [
    [ldifLine("dn", ou), "objectClass: organizationalUnit"],
    ...[...MEMBERS, ...OUTSIDERS].map(user),
    [ldifLine("dn", group), "objectClass: group", ...MEMBERS.map((u) => ldifLine("member", userDn(u)))],
    [ldifLine("dn", decoy), "objectClass: group", ldifLine("member", userDn(OUTSIDERS[0]!))],
  ];
  return records.map((r) => r.join("\n")).join("\n\n") + "\n";
}

describe.skipIf(skip !== undefined)(
  `hostile values from a Samba AD DC${skip ? ` (skipped: ${skip})` : ""}`,
  () => {
    let dc: SambaDcInfo;
    let sim: RunningSimulator | undefined;
    let dir: string;
    let config: string;
    let env: Record<string, string>;
    let ids: Map<string, string>;

    beforeAll(async () => {
      const missing = builtCliMissing();
      if (missing) throw new Error(missing);
      const shared = await sharedSambaDc();
      dc = shared.dc;
      env = { ...simulatorEnv, LDAP_BIND_PASSWORD: shared.population.serviceAccount.password };
      dir = await tempDir("mbn-hostile-");
      const ou = `OU=Hostile ${process.pid},${dc.baseDn}`;
      const group = `CN=R&D (Oslo)*\\, Team,${ou}`;
      const decoy = `CN=R&D (Oslo),${ou}`;
      const ldif = join(dir, "hostile.ldif");
      await writeFile(ldif, batchLdif(ou, group, decoy));
      await ldapadd(dc, ldif).catch((error: unknown) => {
        const { stderr, message } = error as Error & { stderr?: string };
        throw new Error(`ldapadd of the hostile users failed: ${stderr ?? message}`);
      });
      const byDn = await guidsByLdapsearch(dc, "(sAMAccountName=hx.*)");
      ids = new Map(
        [...byDn].map(([dn, guid]) => [/^CN=([^,]+)/i.exec(dn)?.[1] ?? dn, `ad:${guidFromBytes(guid)}`]),
      );
      const started = await startSimulator({ port: 0 });
      sim = started;
      config = writeAdConfig(join(dir, "mbn-ad-sync.yaml"), {
        dc,
        bindDn: shared.population.serviceAccount.upn,
        baseDns: [ou],
        source: { memberOf: [group] },
        mbnUrl: started.url,
        stateDir: join(dir, "state"),
      });
    });

    afterAll(async () => {
      await sim?.close();
      await removeTempDirs();
    });

    it("syncs each member to a clean contact or a skip, and only the members", async () => {
      expect(ids.size).toBe(MEMBERS.length + OUTSIDERS.length);
      const result = await runCli(["sync", "--json", "--config", config], { env });
      expect(result.code, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout) as SyncReport;
      expect(report.source.users).toBe(MEMBERS.length);
      expect(report.failures).toEqual([]);
      expect(report.conflicts).toEqual([]);

      const contacts = new Map((sim?.contacts() ?? []).map((c) => [c.externalId, c]));
      for (const outsider of OUTSIDERS)
        expect(contacts.has(ids.get(outsider.sam) ?? "?"), outsider.sam).toBe(false);
      for (const member of MEMBERS) {
        const contact = contacts.get(ids.get(member.sam) ?? "?");
        const skipped = report.skipped.find((s) => s.source.includes(member.sam));
        expect(contact !== undefined || skipped !== undefined, member.sam).toBe(true);
        if (skipped) expect(skipped.reason.trim(), member.sam).not.toBe("");
      }
      expect(contacts.size + report.skipped.length).toBe(MEMBERS.length);

      const long = contacts.get(ids.get("hx.long") ?? "?");
      expect(long?.title).toBe(LONG_TITLE.trim());
      expect(long?.displayName?.length).toBeLessThanOrEqual(128);
      expect(LONG_NAME.startsWith(long?.displayName ?? "?")).toBe(true);
      expect(report.warnings.some((w) => w.source.includes("hx.long") && w.field === "displayName")).toBe(
        true,
      );
      expect(contacts.get(ids.get("hx.emoji") ?? "?")).toMatchObject({
        firstName: "Zoë 🚀",
        lastName: "Brontë 👩‍👩‍👧‍👦",
      });
      // control characters never reach MBN: removed, with a warning
      expect(contacts.get(ids.get("hx.control") ?? "?")).toMatchObject({
        firstName: "BellRinger",
        lastName: "Escape",
      });
      expect(report.warnings.filter((w) => w.source.includes("hx.control")).map((w) => w.field)).toEqual(
        expect.arrayContaining(["firstName", "lastName", "displayName"]),
      );
      // JSON escapes C0 controls as \u00xx (white space has its own escapes) and leaves DEL and C1 as they are
      expect(JSON.stringify([...contacts.values()])).not.toMatch(
        /\\u00(0[0-8]|0e|0f|1[0-9a-f])|[\u007f-\u009f]/,
      );
      // both holders of one mail are synced, each to their own contact
      expect(contacts.get(ids.get("hx.shared1") ?? "?")?.email).toBe("shared@hostile.example");
      expect(contacts.get(ids.get("hx.shared2") ?? "?")?.email).toBe("shared@hostile.example");

      const again = await runCli(["sync", "--check", "--config", config], { env });
      expect(again.code, again.stdout).toBe(0);
    });
  },
);
