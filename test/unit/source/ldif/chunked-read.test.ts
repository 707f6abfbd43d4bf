import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openLdif } from "../../../../src/source/ldif/byte-window.js";
import { createLdifSource } from "../../../../src/source/ldif/index.js";
import { parseLdif, readLdif, type ParsedEntry } from "../../../../src/source/ldif/parse.js";
import { removeTempDirs, tempDirSync } from "../../../helpers/temp-dir.js";

const scratch = tempDirSync("ldif-chunks-");
afterAll(removeTempDirs);

function writeScratch(name: string, content: string | Buffer): string {
  const file = join(scratch, name);
  writeFileSync(file, content);
  return file;
}

// Tiny chunks put record boundaries, folds, CRLFs and multi-byte characters across reads.
const CHUNK_SIZES = [8, 13, 64, 1000, 1 << 20];

/** Folds a line as ldifde does: 76 bytes, then continuation lines of a space and 75 more. */
function fold(line: string, width: number): string {
  const parts = [line.slice(0, width)];
  for (let i = width; i < line.length; i += width) parts.push(` ${line.slice(i, i + width)}`);
  return parts.join("\n");
}

/** Records of every form the reader takes, each one different, so that a value read wrong shows. */
function manyRecords(count: number, header: boolean): string {
  const records = header ? ["\uFEFFversion: 1", "# an export\n  whose comment goes on"] : [];
  for (let i = 0; i < count; i++) {
    const guid = Buffer.from(Array.from({ length: 16 }, (_, b) => (i * 7 + b * 13) & 0xff));
    const photo = Buffer.from(Array.from({ length: 40 + (i % 50) }, (_, b) => (i + b * 31) & 0xff));
    const nl = i % 3 === 0 ? "\r\n" : "\n";
    const lines = [
      `dn: CN=User ${i},OU=Staff,DC=corp,DC=example`,
      "changetype: add",
      "objectClass: top",
      "objectClass: user",
      `objectGUID:: ${guid.toString("base64")}`,
      `thumbnailPhoto:: ${photo.toString("base64")}`,
      `sn:: ${Buffer.from(`Bråten ${i} ✓`).toString("base64")}`,
      `givenName: Åse ${i}`,
      fold(`description: ${"long text ".repeat(i % 40)}${i}`, 20),
      `member;range=0-1: cn=g${i}a`,
      `member;range=2-*: cn=g${i}b`,
      "company: Example AS",
      `userAccountControl: ${i % 5 === 0 ? 514 : 512}`,
    ];
    records.push(lines.join(nl));
  }
  // Separators: a blank line, a whitespace-only one, and one of a no-break space.
  return records.map((r, i) => r + (i % 3 === 0 ? "\n\n" : i % 3 === 1 ? "\n \t\n" : "\n\u00a0\n")).join("");
}

function entriesRead(file: string, chunkSize: number): ParsedEntry[] {
  return [...readLdif(openLdif(file, chunkSize), file)];
}

describe("the LDIF file read in chunks", () => {
  const text = manyRecords(300, true);
  const file = writeScratch("many.ldif", text);

  it("reads every entry as the whole text is read, and no value changes as later chunks are read", () => {
    const whole = parseLdif(text, file);
    expect(whole).toHaveLength(300);
    expect(whole[299]?.attributes.get("member")).toEqual(["cn=g299a", "cn=g299b"]);
    for (const chunkSize of CHUNK_SIZES) {
      // Kept until the whole file is read: a value or Buffer pointing into the reused buffer would differ.
      const read = entriesRead(file, chunkSize).map(({ dn, line, spellings, values }) => ({
        dn,
        line,
        attributes: new Map(spellings.map((name, i) => [name, values[i]])),
      }));
      expect(read).toEqual(whole);
    }
  });

  it("hands the source's users over the same at every chunk size", async () => {
    const read = async (chunkSize: number) =>
      createLdifSource({ file, disabledAccounts: "exclude", chunkSize }).read({ attributes: [] });
    const reference = await read(1 << 24);
    expect(reference.users).toHaveLength(240);
    expect(reference.excluded).toEqual({ disabled: 60 });
    expect(reference.users[0]?.attributes["sn"]).toEqual(["Bråten 1 ✓"]);
    for (const chunkSize of CHUNK_SIZES) expect(await read(chunkSize)).toEqual(reference);
  });
});

describe("errors of a file read in chunks", () => {
  const good = manyRecords(40, false);
  // The line after `good`.
  const below = good.split("\n").length;
  const cases: [string, string | Buffer, string][] = [
    [
      "a bad line far down",
      `${good}dn: cn=x\nmail:< file:///x\n`,
      `line ${below + 1}: URL values are not supported`,
    ],
    [
      "a folding error below an error in an entry",
      `dn: cn=a\nno colon here\n\n${good}\n continued\n`,
      `line ${below + 4}: this line starts with a space`,
    ],
    [
      "bytes that are not UTF-8 below a syntax error",
      Buffer.concat([
        Buffer.from(`dn: cn=a\nmail:< file:///x\n\n${good}`),
        Buffer.from("sn: S\xe6ther\n", "latin1"),
      ]),
      `line ${below + 3}: the file is not UTF-8 text`,
    ],
    [
      "bytes that are not UTF-8 below a folding error",
      Buffer.concat([Buffer.from(`\n continued\n\n${good}`), Buffer.from("sn: S\xe6ther\n", "latin1")]),
      `line ${below + 3}: the file is not UTF-8 text`,
    ],
    [
      "a syntax error below a bad value",
      `dn: cn=a\nobjectClass: user\nuserAccountControl: yes\n\n${good}\ndn: cn=b\nx:: abc\n`,
      `line ${below + 6}: the base64 value of x:: is not valid base64`,
    ],
  ];
  for (const [what, content, message] of cases) {
    it(`reports ${what} as a whole-file read did, at every chunk size`, async () => {
      const file = writeScratch("broken.ldif", content);
      for (const chunkSize of CHUNK_SIZES) {
        const read = createLdifSource({ file, disabledAccounts: "exclude", chunkSize }).read({
          attributes: [],
        });
        await expect(read).rejects.toThrow(`${file} ${message}`);
      }
    });
  }
});
