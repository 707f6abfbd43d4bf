import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DataError } from "../../../../src/model/errors.js";
import { ExitCode } from "../../../../src/model/exit-code.js";
import { LdifSyntaxError, parseLdif } from "../../../../src/source/ldif/index.js";

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../../../fixtures/ldif/${name}`, import.meta.url)), "utf8");

const lines = (...text: string[]): string => text.join("\n");

/** Parses text expected to be refused, and returns the error. */
function refusal(text: string, fileName = "users.ldif"): LdifSyntaxError {
  try {
    parseLdif(text, fileName);
  } catch (error) {
    expect(error).toBeInstanceOf(LdifSyntaxError);
    return error as LdifSyntaxError;
  }
  throw new Error("expected parseLdif to refuse the input");
}

describe("parseLdif on an ldifde export (BOM, CRLF, version, folds, no trailing newline)", () => {
  const entries = parseLdif(fixture("ldifde-export.ldif"), "ldifde-export.ldif");
  const [kari, bjorn] = entries;

  it("reads both entries and ignores the version line and the folded comment", () => {
    expect(entries).toHaveLength(2);
    expect(kari!.dn).toBe("CN=Kari Nordmann,OU=Ansatte,DC=eksempel,DC=no");
    expect(kari!.line).toBe(6);
    expect(kari!.attributes.has("changetype")).toBe(false);
  });

  it("strips leading spaces after the colon and keeps no carriage returns", () => {
    expect(kari!.attributes.get("mail")).toEqual(["kari.nordmann@eksempel.no"]);
    expect(kari!.attributes.get("cn")).toEqual(["Kari Nordmann"]);
  });

  it("keeps base64 values as Buffers", () => {
    const [guid] = kari!.attributes.get("objectGUID")!;
    expect(Buffer.isBuffer(guid)).toBe(true);
    expect((guid as Buffer).toString("hex")).toBe("d1f42a678d9e62458d3e1d76bc47041d");
  });

  it("merges repeated lines, names differing in case, and ;range= chunks", () => {
    expect(kari!.attributes.get("otherTelephone")).toEqual(["22 00 00 01", "22 00 00 02", "22 00 00 03"]);
    expect(kari!.attributes.has("OTHERtelephone")).toBe(false);
    expect(kari!.attributes.get("memberOf")).toEqual([
      "CN=A,DC=eksempel,DC=no",
      "CN=B,DC=eksempel,DC=no",
      "CN=C,DC=eksempel,DC=no",
    ]);
  });

  it("keeps other options such as ;binary in the name", () => {
    expect(kari!.attributes.get("userCertificate;binary")).toEqual([Buffer.from([0, 1, 2, 3])]);
  });

  it("unfolds a plain value by dropping exactly one leading space", () => {
    expect(kari!.attributes.get("description")).toEqual([
      "a long description that ldifde folded in the middle of a word, and again here",
    ]);
  });

  it("decodes a folded base64 DN and a folded base64 value", () => {
    expect(bjorn!.dn).toBe("CN=Bjørn Sæther,OU=Oslo,OU=Ansatte,DC=eksempel,DC=no");
    expect(bjorn!.line).toBe(28);
    const [name] = bjorn!.attributes.get("displayName")!;
    expect((name as Buffer).toString("utf8")).toBe("Bjørn Sæther");
    expect(bjorn!.attributes.get("title")).toEqual(["Salgssjef"]);
  });
});

describe("parseLdif on ldapsearch -LLL output", () => {
  it("reads entries without version or changetype and a trailing newline", () => {
    const entries = parseLdif(fixture("ldapsearch-export.ldif"), "ldapsearch-export.ldif");
    expect(entries.map((e) => [e.dn, e.line])).toEqual([
      ["uid=kari,ou=people,dc=eksempel,dc=no", 1],
      ["uid=bjorn,ou=people,dc=eksempel,dc=no", 8],
    ]);
    expect(entries[1]!.attributes.get("cn")).toEqual(["Bjørn Sæther"]);
  });
});

describe("parseLdif layout", () => {
  it("accepts several blank lines between entries and at both ends", () => {
    const text = lines("", "", "dn: cn=a", "cn: a", "", "", "", "dn: cn=b", "cn: b", "", "");
    expect(parseLdif(text, "x.ldif").map((e) => [e.dn, e.line])).toEqual([
      ["cn=a", 3],
      ["cn=b", 8],
    ]);
  });

  it("accepts version: 1 directly above the first entry", () => {
    const [entry] = parseLdif(lines("version: 1", "dn: cn=a", "cn: a"), "x.ldif");
    expect(entry!.dn).toBe("cn=a");
    expect(entry!.line).toBe(2);
  });

  it("returns no entries for an empty file or one with only comments", () => {
    expect(parseLdif("", "x.ldif")).toEqual([]);
    expect(parseLdif("# nothing\n #  folded\n", "x.ldif")).toEqual([]);
  });

  it("treats a comment's folded continuation as part of the comment", () => {
    const [entry] = parseLdif(lines("dn: cn=a", "# comment", " mail: not@an.attribute", "cn: a"), "x.ldif");
    expect([...entry!.attributes.keys()]).toEqual(["cn"]);
  });

  it("decodes base64 of a value with leading and trailing spaces", () => {
    const encoded = Buffer.from(" Kari@Eksempel.no ").toString("base64");
    const [entry] = parseLdif(lines("dn: cn=a", `mail:: ${encoded}`), "x.ldif");
    expect(entry!.attributes.get("mail")![0]!.toString()).toBe(" Kari@Eksempel.no ");
  });

  it("reads each entry's values as written, whether or not the entry above has the same ones", () => {
    const text = lines(
      "dn: cn=a",
      "cn: same",
      "sn: ab",
      "description: fol",
      " ded",
      "",
      "dn: cn=b",
      "cn: same",
      "sn: ac",
      "description: folded",
      "",
      "dn: cn=c",
      "sn: ac",
      "cn: same",
      "description: fol",
      " ded2",
    );
    expect(parseLdif(text, "x.ldif").map((e) => Object.fromEntries(e.attributes))).toEqual([
      { cn: ["same"], sn: ["ab"], description: ["folded"] },
      { cn: ["same"], sn: ["ac"], description: ["folded"] },
      { sn: ["ac"], cn: ["same"], description: ["folded2"] },
    ]);
  });

  it("keeps an empty value", () => {
    const [entry] = parseLdif(lines("dn: cn=a", "description:", "info::"), "x.ldif");
    expect(entry!.attributes.get("description")).toEqual([""]);
    expect(entry!.attributes.get("info")).toEqual([Buffer.alloc(0)]);
  });
});

describe("parseLdif refusals", () => {
  it("is a DataError with exit code 65 naming the file and line", () => {
    const error = refusal(lines("dn: cn=a", "cn: a", "photo:< file:///tmp/a.jpg"), "users.ldif");
    expect(error).toBeInstanceOf(DataError);
    expect(error.exitCode).toBe(ExitCode.dataError);
    expect(error.exitCode).toBe(65);
    expect(error.file).toBe("users.ldif");
    expect(error.line).toBe(3);
    expect(error.message).toMatch(
      /^users\.ldif line 3: URL values are not supported .*\. Export with the values inline\.$/,
    );
  });

  it("refuses change records other than ldifde's changetype: add", () => {
    const text = lines(
      "dn: cn=a",
      "changetype: add",
      "cn: a",
      "",
      "dn: cn=b",
      "changetype: modify",
      "replace: cn",
    );
    const error = refusal(text, "changes.ldif");
    expect(error.line).toBe(6);
    expect(error.message).toMatch(
      /^changes\.ldif line 6: change records \(changetype: modify\) are not supported\./,
    );
  });

  it("refuses changetype: add that is not directly under the dn:", () => {
    expect(refusal(lines("dn: cn=a", "cn: a", "changetype: add")).line).toBe(3);
  });

  it("refuses control lines", () => {
    expect(
      refusal(lines("dn: cn=a", "control: 1.2.840.113556.1.4.805 true", "changetype: delete")).line,
    ).toBe(2);
  });

  it("refuses a line without a colon, after folded lines", () => {
    const error = refusal(
      lines("dn: cn=a", "description: folded", "  over two lines", "garbage", "cn: a"),
      "f.ldif",
    );
    expect(error.line).toBe(4);
    expect(error.message).toMatch(/^f\.ldif line 4: this line has no colon: "garbage"\./);
  });

  it("refuses an entry whose first line is not dn:", () => {
    const error = refusal(lines("dn: cn=a", "cn: a", "", "", "cn: b", "dn: cn=b"), "users.ldif");
    expect(error.line).toBe(5);
    expect(error.message).toMatch(/^users\.ldif line 5: an entry must start with a dn: line/);
  });

  it("refuses two entries without a blank line between them", () => {
    const error = refusal(lines("dn: cn=a", "cn: a", "dn: cn=b"));
    expect(error.line).toBe(3);
    expect(error.message).toContain("Separate entries with a blank line");
  });

  it("refuses invalid base64, reporting the line where a folded value starts", () => {
    const error = refusal(
      lines("dn: cn=a", "cn: a", "objectGUID:: 0fQqZ42e", " YkWNPh12v*cEHQ=="),
      "users.ldif",
    );
    expect(error.line).toBe(3);
    expect(error.message).toMatch(
      /^users\.ldif line 3: the base64 value of objectGUID:: is not valid base64\./,
    );
  });

  it("refuses base64 with missing padding", () => {
    expect(refusal(lines("dn: cn=a", "cn:: YWJj", "sn:: YWI")).line).toBe(3);
  });

  it("refuses a base64 dn:: that is not valid base64 or not UTF-8", () => {
    expect(refusal(lines("# x", "dn:: %%%%")).line).toBe(2);
    const notUtf8 = Buffer.from([0xc3, 0x28]).toString("base64");
    expect(refusal(lines("dn:: " + notUtf8, "cn: a")).message).toContain("not UTF-8");
  });

  it("refuses a continuation line with nothing above it", () => {
    expect(refusal(lines("dn: cn=a", "", " cn: a")).line).toBe(3);
  });

  it("refuses an unsupported version", () => {
    expect(refusal(lines("version: 2", "", "dn: cn=a")).message).toMatch(
      /^users\.ldif line 1: unsupported LDIF version "2"/,
    );
  });

  it("counts lines the same with CRLF and a BOM", () => {
    const text = "\uFEFF" + ["version: 1", "", "dn: cn=a", "cn: a", "", "dn: cn=b", "bad line"].join("\r\n");
    expect(refusal(text).line).toBe(7);
  });
});
