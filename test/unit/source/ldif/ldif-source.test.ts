import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { DataError } from "../../../../src/model/errors.js";
import { createLdifSource, isUnderBase } from "../../../../src/source/ldif/index.js";
import type { SourceUser } from "../../../../src/source/types.js";
import { removeTempDirs, tempDirSync } from "../../../helpers/temp-dir.js";

const DIRECTORY = fileURLToPath(new URL("../../../fixtures/ldif/directory.ldif", import.meta.url));
const REQUEST = { attributes: ["givenName", "sn", "mail"] };
const scratch = tempDirSync("ldif-source-");
afterAll(removeTempDirs);

function writeScratch(name: string, content: string | Buffer): string {
  const file = join(scratch, name);
  writeFileSync(file, content);
  return file;
}

const byDn = (users: SourceUser[]): Map<string, SourceUser> => new Map(users.map((u) => [u.dn, u]));

describe("createLdifSource over a directory export", () => {
  it("describes itself by the path", () => {
    expect(createLdifSource({ file: "./users.ldif", disabledAccounts: "exclude" }).description).toBe(
      "LDIF file ./users.ldif",
    );
  });

  it("keeps users and persons, drops computers, groups and AD contacts, excludes the disabled account", async () => {
    const result = await createLdifSource({ file: DIRECTORY, disabledAccounts: "exclude" }).read(REQUEST);
    expect(result.excluded).toEqual({ disabled: 1 });
    expect(result.users.map((u) => u.dn)).toEqual([
      "CN=Kari Nordmann,OU=Oslo,OU=Ansatte,DC=eksempel,DC=no",
      "CN=Per Larsen,OU=Bergen,OU=Ansatte,DC=eksempel,DC=no",
      "CN=Hanne Hånd,OU=Ansatte,DC=eksempel,DC=no",
      "uid=konsulent,OU=Konsulenter,DC=eksempel,DC=no",
      "CN=Rådgiver\\,OU=Ansatte,DC=eksempel,DC=no",
    ]);
  });

  it("includes the disabled account when asked to", async () => {
    const result = await createLdifSource({ file: DIRECTORY, disabledAccounts: "include" }).read(REQUEST);
    expect(result.excluded).toEqual({ disabled: 0 });
    expect(result.users).toHaveLength(6);
    const ola = byDn(result.users).get("CN=Ola Nordmann,OU=Ansatte,DC=eksempel,DC=no");
    expect(ola?.attributes["useraccountcontrol"]).toEqual(["514"]);
    expect(ola?.guid).toBe("03020100-0504-0706-0809-0a0b0c0d0e0f");
  });

  it("decodes a binary objectGUID in AD's byte order, and a text GUID to its canonical form", async () => {
    const users = byDn(
      (await createLdifSource({ file: DIRECTORY, disabledAccounts: "exclude" }).read(REQUEST)).users,
    );
    expect(users.get("CN=Kari Nordmann,OU=Oslo,OU=Ansatte,DC=eksempel,DC=no")?.guid).toBe(
      "672af4d1-9e8d-4562-8d3e-1d76bc47041d",
    );
    expect(users.get("CN=Per Larsen,OU=Bergen,OU=Ansatte,DC=eksempel,DC=no")?.guid).toBe(
      "0e1a2b3c-4d5e-4f60-8172-8394a5b6c7d8",
    );
    expect(users.get("CN=Hanne Hånd,OU=Ansatte,DC=eksempel,DC=no")?.guid).toBeNull();
    // 16 bytes that happen to be valid UTF-8 are still a binary GUID.
    expect(users.get("CN=Rådgiver\\,OU=Ansatte,DC=eksempel,DC=no")?.guid).toBe(
      "33323130-3534-3736-3839-3a3b3c3d3e3f",
    );
  });

  it("keys attributes in lower case, decodes UTF-8 base64 to text and leaves binary values out", async () => {
    const users = byDn(
      (await createLdifSource({ file: DIRECTORY, disabledAccounts: "exclude" }).read(REQUEST)).users,
    );
    const kari = users.get("CN=Kari Nordmann,OU=Oslo,OU=Ansatte,DC=eksempel,DC=no")!;
    expect(kari.attributes["displayname"]).toEqual(["Kari Nordmann (Økonomi)"]);
    expect(kari.attributes["givenname"]).toEqual(["Kari"]);
    expect(kari.attributes["samaccountname"]).toEqual(["kari.nordmann"]);
    expect(kari.attributes["objectclass"]).toEqual(["top", "person", "organizationalPerson", "user"]);
    expect(kari.attributes).not.toHaveProperty("objectguid");
    expect(kari.attributes).not.toHaveProperty("objectsid");
    expect(kari.attributes).not.toHaveProperty("thumbnailphoto");
    const radgiver = users.get("CN=Rådgiver\\,OU=Ansatte,DC=eksempel,DC=no")!;
    expect(radgiver.attributes).not.toHaveProperty("objectguid");
    // A GUID written as text is text, and stays.
    const per = users.get("CN=Per Larsen,OU=Bergen,OU=Ansatte,DC=eksempel,DC=no")!;
    expect(per.attributes["objectguid"]).toEqual(["{0E1A2B3C-4D5E-4F60-8172-8394A5B6C7D8}"]);
  });

  it("treats userAccountControl 66048 (password never expires) as enabled", async () => {
    const users = byDn(
      (await createLdifSource({ file: DIRECTORY, disabledAccounts: "exclude" }).read(REQUEST)).users,
    );
    expect(users.has("CN=Per Larsen,OU=Bergen,OU=Ansatte,DC=eksempel,DC=no")).toBe(true);
  });
});

describe("baseDns scoping", () => {
  it("keeps only entries at or under a base, matching whole RDNs case-insensitively", async () => {
    const source = createLdifSource({
      file: DIRECTORY,
      disabledAccounts: "exclude",
      baseDns: ["ou=ansatte, dc=EKSEMPEL, dc=no"],
    });
    const result = await source.read(REQUEST);
    expect(result.users.map((u) => u.dn)).toEqual([
      "CN=Kari Nordmann,OU=Oslo,OU=Ansatte,DC=eksempel,DC=no",
      "CN=Per Larsen,OU=Bergen,OU=Ansatte,DC=eksempel,DC=no",
      "CN=Hanne Hånd,OU=Ansatte,DC=eksempel,DC=no",
    ]);
    expect(result.excluded).toEqual({ disabled: 1 });
  });

  it("accepts several bases and does not count disabled accounts outside them", async () => {
    const source = createLdifSource({
      file: DIRECTORY,
      disabledAccounts: "exclude",
      baseDns: ["OU=Oslo,OU=Ansatte,DC=eksempel,DC=no", "OU=Konsulenter,DC=eksempel,DC=no"],
    });
    const result = await source.read(REQUEST);
    expect(result.users.map((u) => u.dn)).toEqual([
      "CN=Kari Nordmann,OU=Oslo,OU=Ansatte,DC=eksempel,DC=no",
      "uid=konsulent,OU=Konsulenter,DC=eksempel,DC=no",
    ]);
    expect(result.excluded).toEqual({ disabled: 0 });
  });

  it("treats an empty list as no scoping", async () => {
    const result = await createLdifSource({ file: DIRECTORY, disabledAccounts: "include", baseDns: [] }).read(
      REQUEST,
    );
    expect(result.users).toHaveLength(6);
  });

  it("isUnderBase compares RDNs, not characters", () => {
    expect(isUnderBase("CN=a,OU=Ansatte,DC=x", "OU=Ansatte,DC=x")).toBe(true);
    expect(isUnderBase("OU=Ansatte,DC=x", "ou=ansatte,dc=x")).toBe(true);
    expect(isUnderBase("CN=a,OU=Gamle Ansatte,DC=x", "Ansatte,DC=x")).toBe(false);
    expect(isUnderBase("CN=a\\,OU=Ansatte,DC=x", "OU=Ansatte,DC=x")).toBe(false);
    expect(isUnderBase("DC=x", "OU=Ansatte,DC=x")).toBe(false);
  });
});

describe("createLdifSource errors", () => {
  it("names a missing file", async () => {
    const missing = join(scratch, "nope.ldif");
    const read = createLdifSource({ file: missing, disabledAccounts: "exclude" }).read(REQUEST);
    await expect(read).rejects.toBeInstanceOf(DataError);
    await expect(read).rejects.toMatchObject({
      exitCode: 65,
      message: expect.stringContaining(missing) as string,
    });
  });

  it("names a directory given as the file", async () => {
    const read = createLdifSource({ file: scratch, disabledAccounts: "exclude" }).read(REQUEST);
    await expect(read).rejects.toThrow(`LDIF file ${scratch} is a directory`);
  });

  it("passes the configured path to parse errors", async () => {
    const file = writeScratch("broken.ldif", "dn: cn=a\nobjectClass: user\n\ndn: cn=b\nmail:< file:///x\n");
    const read = createLdifSource({ file, disabledAccounts: "exclude" }).read(REQUEST);
    await expect(read).rejects.toThrow(`${file} line 5: URL values are not supported`);
  });

  it("refuses a file that is not UTF-8, naming the line", async () => {
    const file = writeScratch("latin1.ldif", Buffer.from("dn: cn=a\nsn: S\xe6ther\n", "latin1"));
    const read = createLdifSource({ file, disabledAccounts: "exclude" }).read(REQUEST);
    await expect(read).rejects.toThrow(`${file} line 2: the file is not UTF-8 text`);
  });

  it("reads a UTF-16 file as written by ldifde -u", async () => {
    const text = "dn: cn=Åse\r\nobjectClass: user\r\nsn: Bråten\r\n";
    const file = writeScratch(
      "unicode.ldif",
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]),
    );
    const result = await createLdifSource({ file, disabledAccounts: "exclude" }).read(REQUEST);
    expect(result.users.map((u) => [u.dn, u.attributes["sn"]])).toEqual([["cn=Åse", ["Bråten"]]]);
  });

  it("refuses a userAccountControl that is not a number", async () => {
    const file = writeScratch("uac.ldif", "\ndn: cn=a\nobjectClass: user\nuserAccountControl: yes\n");
    const read = createLdifSource({ file, disabledAccounts: "exclude" }).read(REQUEST);
    await expect(read).rejects.toThrow(`${file} line 2: userAccountControl of cn=a is "yes", not a number`);
  });

  it("refuses an objectGUID that is neither 16 bytes nor a GUID", async () => {
    const file = writeScratch("guid.ldif", "dn: cn=a\nobjectClass: user\nobjectGUID:: AAECAw==\n");
    const read = createLdifSource({ file, disabledAccounts: "exclude" }).read(REQUEST);
    await expect(read).rejects.toBeInstanceOf(DataError);
    await expect(read).rejects.toThrow(`${file} line 1: objectGUID of cn=a is neither 16 bytes`);
  });
});

describe("createLdifSource handing each user over as it reads it (onUser)", () => {
  it("hands over the users a collected read returns, in the same order, and returns none itself", async () => {
    for (const disabledAccounts of ["exclude", "include"] as const) {
      const collected = await createLdifSource({ file: DIRECTORY, disabledAccounts }).read(REQUEST);
      const handed: SourceUser[] = [];
      const streamed = await createLdifSource({ file: DIRECTORY, disabledAccounts }).read({
        ...REQUEST,
        onUser: (user) => handed.push(user),
      });
      expect(handed).toEqual(collected.users);
      expect(streamed.users).toEqual([]);
      expect(streamed.excluded).toEqual(collected.excluded);
    }
  });

  it("hands each user over before it reads the next entry, and still fails on a syntax error further down", async () => {
    const file = writeScratch(
      "late-error.ldif",
      "dn: cn=a\nobjectClass: user\n\ndn: cn=b\nobjectClass: user\n\ndn: cn=c\nmail:< file:///x\n",
    );
    const handed: string[] = [];
    const read = createLdifSource({ file, disabledAccounts: "exclude" }).read({
      ...REQUEST,
      onUser: (user) => handed.push(user.dn),
    });
    await expect(read).rejects.toThrow(`${file} line 8: URL values are not supported`);
    // The users above the error were handed over; the caller drops them with the failed read.
    expect(handed).toEqual(["cn=a", "cn=b"]);
  });

  it("lets an error of onUser's through as itself, not hidden behind a syntax error further down", async () => {
    const file = writeScratch(
      "caller-error.ldif",
      "dn: cn=a\nobjectClass: user\n\ndn: cn=b\nmail:< file:///x\n",
    );
    const read = createLdifSource({ file, disabledAccounts: "exclude" }).read({
      ...REQUEST,
      onUser: () => {
        throw new TypeError("a bug in the caller");
      },
    });
    await expect(read).rejects.toThrow(new TypeError("a bug in the caller"));
  });
});
