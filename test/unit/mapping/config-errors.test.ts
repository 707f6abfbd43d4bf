import { describe, expect, it } from "vitest";
import { compileMapping, loadMapping } from "../../../src/mapping/index.js";
import { ConfigError, type ConfigIssue } from "../../../src/model/errors.js";
import { ExitCode } from "../../../src/model/exit-code.js";

function issuesOf(text: string): ConfigIssue[] {
  try {
    compileMapping(text, "bad.yaml");
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const e = error as ConfigError;
    expect(e.file).toBe("bad.yaml");
    expect(e.exitCode).toBe(ExitCode.config);
    expect(e.message).toContain("bad.yaml");
    return e.issues;
  }
  throw new Error("expected a ConfigError");
}

/** A file whose line 3 onward is `lines` (line 1 region, line 2 `fields:`). */
const file = (...lines: string[]): string => ["region: NO", "fields:", ...lines].join("\n");

/** The key and line of each issue in such a file, in the order reported. */
const keysAndLines = (...lines: string[]): [string, number | undefined][] =>
  issuesOf(file(...lines)).map((i) => [i.key, i.line]);

describe("mapping errors (ConfigError with key and line)", () => {
  const cases: { name: string; text: string; key: string; line: number | undefined; message: RegExp }[] = [
    {
      name: "bad YAML",
      text: file("  firstName: givenName", '  title: "unclosed'),
      key: "",
      line: 4,
      message: /not valid YAML/,
    },
    {
      name: "a duplicate key",
      text: file("  firstName: givenName", "  firstName: sn"),
      key: "",
      line: 4,
      message: /not valid YAML: .*unique/i,
    },
    {
      name: "an unknown field, with a suggestion",
      text: file("  firstName: givenName", "  titel: title"),
      key: "fields.titel",
      line: 4,
      message: /unknown key "titel"; did you mean "title"\? Allowed: firstName, lastName/,
    },
    {
      name: "externalId cannot be mapped",
      text: file("  firstName: givenName", "  externalId: objectGUID"),
      key: "fields.externalId",
      line: 4,
      message: /externalId is always <prefix><objectGUID>/,
    },
    {
      name: "an unknown top-level key",
      text: ["region: NO", "feilds:", "  firstName: givenName", "fields:", "  firstName: givenName"].join(
        "\n",
      ),
      key: "feilds",
      line: 2,
      message: /did you mean "fields"/,
    },
    {
      name: "an unknown transform",
      text: file("  firstName: givenName", "  email: { from: mail, transforms: [trim, lowercse] }"),
      key: "fields.email.transforms[1]",
      line: 4,
      message: /unknown transform "lowercse" \(did you mean "lowercase"\?\); use one of trim, lowercase/,
    },
    {
      name: "an unknown transform object",
      text: file(
        "  firstName: givenName",
        "  title:",
        "    from: title",
        "    transforms:",
        "      - trim",
        "      - { truncat: 5 }",
      ),
      key: "fields.title.transforms[1].truncat",
      line: 8,
      message: /unknown key "truncat"/,
    },
    {
      name: "a transform object with two transforms",
      text: file(
        "  firstName: givenName",
        "  title: { from: title, transforms: [{ truncate: 5, default: x }] }",
      ),
      key: "fields.title.transforms[0]",
      line: 4,
      message: /exactly one of truncate, e164, replace, default/,
    },
    {
      name: "truncate to zero",
      text: file("  firstName: givenName", "  title: { from: title, transforms: [{ truncate: 0 }] }"),
      key: "fields.title.transforms[0].truncate",
      line: 4,
      message: /at least 1/,
    },
    {
      name: "a bare truncate on a field without a limit",
      text: file(
        "  firstName: givenName",
        "  address:",
        "    street: { from: streetAddress, transforms: [truncate] }",
      ),
      key: "fields.address.street.transforms[0]",
      line: 5,
      message: /address.street has no length limit.*\{ truncate: 100 \}/,
    },
    {
      name: "a bad regex",
      text: file(
        "  firstName: givenName",
        "  title:",
        "    from: title",
        "    transforms:",
        "      - trim",
        "      - { truncate: 100 }",
        '      - replace: { pattern: "^(Sr\\\\.", with: "Senior" }',
      ),
      key: "fields.title.transforms[2].replace.pattern",
      line: 9,
      message: /not a valid regular expression/,
    },
    {
      name: "bad regex flags",
      text: file(
        "  firstName: givenName",
        '  title: { from: title, transforms: [{ replace: { pattern: "a", with: "b", flags: g } }] }',
      ),
      key: "fields.title.transforms[0].replace.flags",
      line: 4,
      message: /i, m, s and u/,
    },
    {
      name: "a bad attribute name (shorthand)",
      text: file('  firstName: "given name"'),
      key: "fields.firstName",
      line: 3,
      message: /not an attribute name/,
    },
    {
      name: "a bad attribute name (from)",
      text: file("  firstName: givenName", "  lastName:", "    from: 1sn"),
      key: "fields.lastName.from",
      line: 5,
      message: /not an attribute name/,
    },
    {
      name: "a bad attribute in a template",
      text: file('  displayName: { template: "${given name} ${sn}" }'),
      key: "fields.displayName.template",
      line: 3,
      message: /\$\{given name\} is not an attribute name/,
    },
    {
      name: "an unclosed template placeholder",
      text: file('  displayName: { template: "${givenName} ${sn" }'),
      key: "fields.displayName.template",
      line: 3,
      message: /without its closing/,
    },
    {
      name: "two sources for one value",
      text: file("  firstName: givenName", '  title: { from: title, value: "Sjef" }'),
      key: "fields.title",
      line: 4,
      message: /exactly one of from, template, value, first/,
    },
    {
      name: "no source at all",
      text: file("  firstName: givenName", "  title: { transforms: [trim] }"),
      key: "fields.title",
      line: 4,
      message: /exactly one of from, template, value, first/,
    },
    {
      name: "an empty value",
      text: file("  firstName: givenName", "  title:"),
      key: "fields.title",
      line: 4,
      message: /a value is needed here/,
    },
    {
      name: "an unknown region",
      text: ["region: Norway", "fields:", "  firstName: givenName"].join("\n"),
      key: "region",
      line: 1,
      message: /upper-case ISO 3166-1 alpha-2 code/,
    },
    {
      name: "an unknown e164 region",
      text: file(
        "  firstName: givenName",
        "  title: { from: title, transforms: [{ e164: { region: XX } }] }",
      ),
      key: "fields.title.transforms[0].e164.region",
      line: 4,
      message: /not a region libphonenumber knows/,
    },
    {
      name: "an unknown phone type",
      text: file("  firstName: givenName", "  phoneNumbers:", "    - { type: cell, from: mobile }"),
      key: "fields.phoneNumbers[0].type",
      line: 5,
      message: /type must be one of mobile, work, home, fax, other/,
    },
    {
      name: "all: true without from",
      text: file(
        "  firstName: givenName",
        "  phoneNumbers:",
        '    - { type: other, value: "+4722000001", all: true }',
      ),
      key: "fields.phoneNumbers[0].all",
      line: 5,
      message: /all: true needs from/,
    },
    {
      name: "an unknown address part",
      text: file("  firstName: givenName", "  address:", "    town: l"),
      key: "fields.address.town",
      line: 5,
      message: /Allowed: street, postalCode, city, country/,
    },
    {
      name: "no name field at all",
      text: file("  email: mail"),
      key: "fields",
      line: 2,
      message: /at least one of firstName, lastName, displayName/,
    },
    {
      name: "fields missing",
      text: "region: NO",
      key: "fields",
      line: 1,
      message: /./,
    },
    { name: "an empty file", text: "", key: "", line: undefined, message: /at least `fields:`/ },
    { name: "a list instead of a map", text: "- a\n- b", key: "", line: undefined, message: /a YAML map/ },
  ];

  it.each(cases)("$name", ({ text, key, line, message }) => {
    const issues = issuesOf(text);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toEqual({ key, line, message: expect.stringMatching(message) as string });
  });

  it("reports every problem at once", () => {
    expect(
      keysAndLines(
        "  firstName: givenName",
        "  titel: title",
        "  email: { from: mail, transforms: [lowercse] }",
        "  phoneNumbers:",
        "    - { type: cell, from: mobile }",
      ),
    ).toEqual([
      ["fields.titel", 4],
      ["fields.email.transforms[0]", 5],
      ["fields.phoneNumbers[0].type", 7],
    ]);
  });

  it("reports every compile problem at once", () => {
    expect(
      keysAndLines(
        '  displayName: { template: "${a b}" }',
        '  title: { from: title, transforms: [{ replace: { pattern: "(", with: "" } }] }',
        '  notes: { from: info, transforms: [truncate, { replace: { pattern: "[", with: "" } }] }',
      ),
    ).toEqual([
      ["fields.displayName.template", 3],
      ["fields.title.transforms[0].replace.pattern", 4],
      ["fields.notes.transforms[1].replace.pattern", 5],
    ]);
  });

  it("the message lists the file, keys and lines", () => {
    expect(() => compileMapping(file("  firstName: givenName", "  titel: title"), "site.yaml")).toThrow(
      /^site\.yaml: 1 problem\n {2}- fields\.titel \(line 4\): unknown key "titel"/,
    );
  });

  it("loadMapping names a file it cannot read", async () => {
    const missing = "/nonexistent/mapping.yaml";
    const error: unknown = await loadMapping(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      { key: "", message: expect.stringContaining("ENOENT") as string },
    ]);
    expect((error as ConfigError).message).toContain(missing);
  });
});

describe("mapping errors for YAML that is not text", () => {
  it.each([
    ["  company: { value: 0155 }", "fields.company.value"],
    ["  title: { from: title, transforms: [{ default: true }] }", "fields.title.transforms[0].default"],
  ])("%s", (line, key) => {
    const issues = issuesOf(file("  firstName: givenName", line));
    expect(issues).toEqual([{ key, line: 4, message: expect.stringContaining("quote it") as string }]);
  });
});
