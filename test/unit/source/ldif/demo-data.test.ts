import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createLdifSource, parseLdif } from "../../../../src/source/ldif/index.js";
import { readFileSync } from "node:fs";

const DEMO = fileURLToPath(new URL("../../../../examples/demo/users.ldif", import.meta.url));
const BASE = "OU=Ansatte,DC=eksempel,DC=no";
const request = { attributes: [] };

describe("examples/demo/users.ldif", () => {
  it("holds 50 users under OU=Ansatte, exactly one of them disabled", async () => {
    const all = await createLdifSource({ file: DEMO, disabledAccounts: "include" }).read(request);
    expect(all.users).toHaveLength(50);
    const enabled = await createLdifSource({ file: DEMO, disabledAccounts: "exclude", baseDns: [BASE] }).read(
      request,
    );
    expect(enabled.users).toHaveLength(49);
    expect(enabled.excluded).toEqual({ disabled: 1 });
    expect(all.users.every((u) => u.dn.toLowerCase().endsWith(BASE.toLowerCase()))).toBe(true);
  });

  it("gives every user a distinct GUID", async () => {
    const { users } = await createLdifSource({ file: DEMO, disabledAccounts: "include" }).read(request);
    const guids = users.map((u) => u.guid);
    expect(guids.every((g) => g !== null)).toBe(true);
    expect(new Set(guids).size).toBe(users.length);
  });

  it("leaves out the computer account and the group, which are in the file", () => {
    const entries = parseLdif(readFileSync(DEMO, "utf8"), DEMO);
    const classes = entries.map((e) => (e.attributes.get("objectClass") ?? []).map(String));
    expect(classes.filter((c) => c.includes("computer"))).toHaveLength(1);
    expect(classes.filter((c) => c.includes("group"))).toHaveLength(1);
  });

  it("has Norwegian names in base64 and in plain UTF-8, folded lines, and one user with only a displayName", async () => {
    const text = readFileSync(DEMO, "utf8");
    expect(text).toMatch(/^dn:: /m);
    expect(text).toMatch(/^\S+: .*[æøåÆØÅ]/m);
    expect(text).toMatch(/\r\n /);
    const { users } = await createLdifSource({ file: DEMO, disabledAccounts: "include" }).read(request);
    const names = users.map((u) => u.attributes["displayname"]?.[0] ?? "");
    expect(names).toContain("Sølvi Øverby");
    const nameless = users.filter((u) => !u.attributes["givenname"] && !u.attributes["sn"]);
    expect(nameless.map((u) => u.attributes["displayname"])).toEqual([["Sentralbord Eksempel AS"]]);
  });

  it("has phone numbers in the varied formats the mapping must handle", async () => {
    const { users } = await createLdifSource({ file: DEMO, disabledAccounts: "include" }).read(request);
    const numbers = users.flatMap((u) => [
      ...(u.attributes["mobile"] ?? []),
      ...(u.attributes["telephonenumber"] ?? []),
    ]);
    for (const sample of [
      "+47 912 34 567",
      "91234567",
      "0047 22000123",
      "(+47) 900 12 345",
      "22 00 02 11 ext. 123",
      "+46 8 123 456 78",
      "n/a",
    ]) {
      expect(numbers).toContain(sample);
    }
  });
});
