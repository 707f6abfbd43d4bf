import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ExitCode } from "../../src/model/exit-code.js";
import { LdifSyntaxError, parseLdif } from "../../src/source/ldif/index.js";
import { runs } from "./settings.js";

interface Entry {
  dn: string;
  attributes: [string, string[]][];
}

/** Text without lone surrogates: those have no UTF-8 form, so no LDIF file holds them. */
const wellFormed = (s: string): boolean => !/\p{Surrogate}/u.test(s);

/** Any well-formed text: control characters, NUL, CR, LF, right-to-left marks, emoji, any plane. */
const text = fc
  .oneof(
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.string({ unit: "grapheme", maxLength: 40 }),
    fc.string(),
  )
  .filter(wellFormed);

const RESERVED = new Set(["dn", "version", "changetype", "control"]);
const attributeName = fc
  .stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,12}$/)
  .filter((n) => !RESERVED.has(n.toLowerCase()));

const entry: fc.Arbitrary<Entry> = fc.record({
  dn: text.map((cn) => `CN=${cn},OU=Staff,DC=corp,DC=example`),
  attributes: fc.uniqueArray(fc.tuple(attributeName, fc.array(text, { minLength: 1, maxLength: 3 })), {
    selector: ([name]) => name.toLowerCase(),
    maxLength: 6,
  }),
});

/** RFC 2849's SAFE-STRING, less trailing spaces (which readers may not keep): written as is. */
const SAFE = /^([\x21-\x39\x3b\x3d-\x7e][\x20-\x7e]*[\x21-\x7e]|[\x21-\x39\x3b\x3d-\x7e])?$/;

function valueLine(name: string, value: string): string {
  if (value === "") return `${name}:`;
  if (SAFE.test(value)) return `${name}: ${value}`;
  return `${name}:: ${Buffer.from(value, "utf8").toString("base64")}`;
}

/**
 * Folds a line at about `width` characters, as ldifde does at 76: each continuation starts with one space.
 * A continuation of spaces alone would look like a blank line, which this reader (lenient to hand-edited
 * files) takes as the end of the entry, so the writer folds one character later there, as it may.
 */
function fold(line: string, width: number): string[] {
  const out: string[] = [];
  let rest = line;
  let take = width;
  while (rest.length > 0) {
    let n = Math.min(take, rest.length);
    while (out.length > 0 && n < rest.length && rest.slice(0, n).trim() === "") n++;
    out.push(out.length === 0 ? rest.slice(0, n) : ` ${rest.slice(0, n)}`);
    rest = rest.slice(n);
    take = width - 1;
  }
  return out;
}

interface Style {
  eol: "\n" | "\r\n";
  width: number;
  bom: boolean;
  version: boolean;
  comments: boolean;
}

const style: fc.Arbitrary<Style> = fc.record({
  eol: fc.constantFrom("\n" as const, "\r\n" as const),
  width: fc.integer({ min: 2, max: 100 }),
  bom: fc.boolean(),
  version: fc.boolean(),
  comments: fc.boolean(),
});

function writeLdif(entries: readonly Entry[], s: Style): string {
  const blocks = entries.map((e) => {
    const lines = [valueLine("dn", e.dn)];
    for (const [name, values] of e.attributes) {
      for (const value of values) lines.push(valueLine(name, value));
      if (s.comments) lines.push(`# after ${name}, a comment that is long enough to be folded as well`);
    }
    return lines.flatMap((l) => fold(l, s.width)).join(s.eol);
  });
  const head = (s.bom ? "\uFEFF" : "") + (s.version ? `version: 1${s.eol}${s.eol}` : "");
  return head + blocks.join(s.eol + s.eol) + s.eol;
}

const asText = (v: string | Buffer): string => (typeof v === "string" ? v : v.toString("utf8"));

describe("LDIF reader properties", () => {
  it("reads back what is written: base64 values, folded lines, UTF-8, multi-valued attributes, CRLF", () => {
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 4 }), style, (entries, s) => {
        const read = parseLdif(writeLdif(entries, s), "generated.ldif");
        expect(
          read.map((e) => ({
            dn: e.dn,
            attributes: [...e.attributes].map(([n, vs]) => [n, vs.map(asText)]),
          })),
        ).toEqual(entries);
      }),
      runs(300),
    );
  });

  /** Reading garbage gives entries or a clear 65 naming the file and line; nothing else. */
  function readsOrRefuses(input: string): void {
    try {
      parseLdif(input, "garbage.ldif");
    } catch (error) {
      expect(error).toBeInstanceOf(LdifSyntaxError);
      const refusal = error as LdifSyntaxError;
      expect(refusal.exitCode).toBe(ExitCode.dataError);
      expect(refusal.message).toMatch(/^garbage\.ldif line [1-9][0-9]*: \S/);
    }
  }

  it("never crashes on garbage: the entry read, or a clear 65 with the line", () => {
    const ldifish = fc
      .array(
        fc.oneof(
          fc.constantFrom("dn:", "dn::", "mail:", "a:: ", ":", " ", "#", "\n", "\r\n", "=", "version: 2\n"),
          text,
        ),
        {
          maxLength: 30,
        },
      )
      .map((parts) => parts.join(""));
    fc.assert(fc.property(fc.oneof(fc.string({ unit: "binary" }), ldifish), readsOrRefuses), runs(500));
  });

  it("never crashes on a good file with characters inserted or removed", () => {
    const damaged = fc
      .tuple(
        fc.array(entry, { minLength: 1, maxLength: 3 }),
        style,
        fc.array(fc.tuple(fc.nat(), text, fc.nat({ max: 3 })), { maxLength: 4 }),
      )
      .map(([entries, s, edits]) => {
        let t = writeLdif(entries, s);
        for (const [at, insert, remove] of edits) {
          const i = at % (t.length + 1);
          t = t.slice(0, i) + insert + t.slice(i + remove);
        }
        return t;
      });
    fc.assert(fc.property(damaged, readsOrRefuses), runs(500));
  });
});
