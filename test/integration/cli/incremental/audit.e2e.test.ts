import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AuditRecord } from "../../../../src/state/index.js";
import { runCli } from "../../../helpers/cli.js";
import { writeUsersLdif } from "../../../helpers/ldif-users.js";
import { simulatorEnv as env, writeSyncConfig } from "../../../helpers/sync-config.js";
import { E, managed, report, simulatorAndScratch } from "./fixture.js";

const USERS = 20;
const fx = simulatorAndScratch();

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

function readAudit(file: string): { lines: string[]; records: AuditRecord[] } {
  const lines = readFileSync(file, "utf8").split("\n");
  expect(lines.pop()).toBe("");
  return { lines, records: lines.map((l) => JSON.parse(l) as AuditRecord) };
}

describe("audit.jsonl", () => {
  it("holds one line per write with the fields before and after and the result, mode 0600, appended run after run", async () => {
    const ldif = join(fx.dir, "users.ldif");
    const config = writeSyncConfig(fx.dir, "mbn-ad-sync.yaml", { baseUrl: fx.sim.url, ldif });
    const auditFile = join(fx.dir, "state", "audit.jsonl");
    writeUsersLdif(ldif, USERS);

    const first = await runCli(["sync", "--json", "--config", config], { env });
    expect(first.code, first.stderr).toBe(0);
    const firstAudit = readAudit(auditFile);
    expect(statSync(auditFile).mode & 0o777).toBe(0o600);
    expect(firstAudit.records).toHaveLength(USERS);
    const byExternalId = new Map(fx.sim.contacts(E).map((c) => [c.externalId, c]));
    for (const r of firstAudit.records) {
      const contact = byExternalId.get(r.externalId);
      expect(contact, r.externalId).toBeDefined();
      expect(r).toMatchObject({ action: "create", contactId: contact?.id, before: null, result: "ok" });
      expect(r.time).toMatch(ISO);
      expect(r.after).toMatchObject({ firstName: contact?.firstName, email: contact?.email });
    }

    // User 0 leaves, user 20 arrives, user 1 gets a new mail and user 2 a title.
    writeUsersLdif(ldif, USERS, {
      first: 1,
      attributes: (i) =>
        i === 1 ? { mail: "ny.adresse@eksempel.no" } : i === 2 ? { title: "Avdelingsleder" } : undefined,
    });
    const before = new Map(fx.sim.contacts(E).map((c) => [c.externalId, c]));
    const second = await runCli(["sync", "--json", "--config", config], { env });
    expect(second.code, second.stderr).toBe(0);
    expect(report(second).summary).toMatchObject({ create: 1, update: 2, delete: 1 });

    const secondAudit = readAudit(auditFile);
    // Appended: the first run's lines are still there, byte for byte.
    expect(secondAudit.lines.slice(0, USERS)).toEqual(firstAudit.lines);
    expect(statSync(auditFile).mode & 0o777).toBe(0o600);
    const added = secondAudit.records.slice(USERS);
    expect(added).toHaveLength(4);

    const updates = added.filter((r) => r.action === "update");
    expect(updates).toHaveLength(2);
    for (const u of updates) {
      const was = [...before.values()].find((c) => c.id === u.contactId);
      expect(was, u.contactId ?? "null").toBeDefined();
      expect(u.externalId).toBe(was?.externalId);
      expect(u.result).toBe("ok");
    }
    // Every managed field before and after (the forensic record), not only the one that changed.
    const changed = (u: AuditRecord, field: string): boolean =>
      JSON.stringify(u.before?.[field]) !== JSON.stringify(u.after?.[field]);
    for (const u of updates) {
      expect(Object.keys(u.before ?? {}).sort()).toEqual(Object.keys(u.after ?? {}).sort());
      expect(typeof u.before?.["firstName"]).toBe("string");
      expect(typeof u.after?.["lastName"]).toBe("string");
    }
    const mail = updates.find((u) => changed(u, "email"));
    expect(mail).toMatchObject({
      before: { email: "bruker0001@eksempel.no", lastName: "Nordmann0001" },
      after: { email: "ny.adresse@eksempel.no", lastName: "Nordmann0001" },
    });
    expect(Object.keys(mail?.after ?? {}).filter((f) => mail && changed(mail, f))).toEqual(["email"]);
    expect(updates.find((u) => changed(u, "title"))).toMatchObject({
      before: { title: null, lastName: "Nordmann0002" },
      after: { title: "Avdelingsleder", lastName: "Nordmann0002" },
    });

    const deleted = added.find((r) => r.action === "delete");
    const gone = [...before.values()].find((c) => c.id === deleted?.contactId);
    expect(gone?.lastName).toBe("Nordmann0000");
    expect(deleted).toMatchObject({ externalId: gone?.externalId, after: null, result: "ok" });
    expect(deleted?.before).toMatchObject({ lastName: "Nordmann0000", email: "bruker0000@eksempel.no" });

    const created = added.find((r) => r.action === "create");
    const now = fx.sim.contacts(E).find((c) => c.id === created?.contactId);
    expect(now?.lastName).toBe("Nordmann0020");
    expect(created).toMatchObject({ externalId: now?.externalId, before: null, result: "ok" });
    expect(created?.after).toMatchObject({ lastName: "Nordmann0020", email: "bruker0020@eksempel.no" });

    expect(managed(fx.sim)).toMatchObject({ count: USERS, duplicates: 0 });
  });
});
