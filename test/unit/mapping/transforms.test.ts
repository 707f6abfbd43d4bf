import { describe, expect, it } from "vitest";
import { fieldsOf, mapping, messages, user } from "./build.js";

describe("transforms", () => {
  const cases: { name: string; spec: string; value: string | string[]; expected: string | null }[] = [
    { name: "trim", spec: "{ from: title, transforms: [trim] }", value: "  Lead  ", expected: "Lead" },
    {
      name: "no transform keeps spaces inside",
      spec: "{ from: title }",
      value: "Team  Lead",
      expected: "Team  Lead",
    },
    { name: "shorthand trims", spec: "title", value: "  Lead \t", expected: "Lead" },
    {
      name: "lowercase",
      spec: "{ from: title, transforms: [lowercase] }",
      value: "ÆØÅ Sjef",
      expected: "æøå sjef",
    },
    {
      name: "uppercase",
      spec: "{ from: title, transforms: [uppercase] }",
      value: "æøå sjef",
      expected: "ÆØÅ SJEF",
    },
    {
      name: "collapseSpaces",
      spec: "{ from: title, transforms: [collapseSpaces] }",
      value: "Team \t  Lead",
      expected: "Team Lead",
    },
    {
      name: "truncate N",
      spec: "{ from: title, transforms: [{ truncate: 4 }] }",
      value: "Engineer",
      expected: "Engi",
    },
    {
      name: "truncate drops a trailing space it leaves",
      spec: "{ from: title, transforms: [{ truncate: 5 }] }",
      value: "Team Lead",
      expected: "Team",
    },
    {
      name: "truncate (bare) to the contract's limit",
      spec: "{ from: title, transforms: [truncate] }",
      value: "x".repeat(300),
      expected: "x".repeat(128),
    },
    {
      name: "replace with a capture group",
      spec: '{ from: title, transforms: [{ replace: { pattern: "^Sr\\\\.\\\\s*(.*)$", with: "Senior $1" } }] }',
      value: "Sr. Engineer",
      expected: "Senior Engineer",
    },
    {
      name: "replace every match",
      spec: '{ from: title, transforms: [{ replace: { pattern: "-", with: " " } }] }',
      value: "a-b-c",
      expected: "a b c",
    },
    {
      name: "replace with flags",
      spec: '{ from: title, transforms: [{ replace: { pattern: "manager", with: "Leder", flags: i } }] }',
      value: "IT MANAGER",
      expected: "IT Leder",
    },
    {
      name: "default on a missing value",
      spec: '{ from: title, transforms: [trim, { default: "Ansatt" }] }',
      value: [],
      expected: "Ansatt",
    },
    {
      name: "default on a blank value",
      spec: '{ from: title, transforms: [{ default: "Ansatt" }] }',
      value: "   ",
      expected: "Ansatt",
    },
    {
      name: "default on non-breaking and em spaces",
      spec: '{ from: title, transforms: [{ default: "Ansatt" }] }',
      value: "\u00a0\u2003",
      expected: "Ansatt",
    },
    {
      name: "default leaves a value alone",
      spec: '{ from: title, transforms: [{ default: "Ansatt" }] }',
      value: "Sjef",
      expected: "Sjef",
    },
    {
      name: "a replace that empties the value, then default",
      spec: '{ from: title, transforms: [{ replace: { pattern: "^n/a$", with: "" } }, { default: "Ansatt" }] }',
      value: "n/a",
      expected: "Ansatt",
    },
    {
      name: "e164 on text",
      spec: "{ from: title, transforms: [e164] }",
      value: "22 00 00 01",
      expected: "+4722000001",
    },
    {
      name: "e164 with its own region",
      spec: "{ from: title, transforms: [{ e164: { region: SE } }] }",
      value: "08-123 456 78",
      expected: "+46812345678",
    },
    { name: "value (constant)", spec: '{ value: "Eksempel AS" }', value: "ignored", expected: "Eksempel AS" },
    {
      name: "from takes the first value",
      spec: "{ from: title }",
      value: ["First", "Second"],
      expected: "First",
    },
    {
      name: "from skips blank values",
      spec: "{ from: title }",
      value: ["", " ", "Third"],
      expected: "Third",
    },
    {
      name: "an empty result is null",
      spec: "{ from: title, transforms: [trim] }",
      value: "   ",
      expected: null,
    },
    {
      name: "template",
      spec: '{ template: "${title} (${department})" }',
      value: "Sjef",
      expected: "Sjef ()",
    },
    {
      name: "first: the first non-empty alternative wins",
      spec: '{ first: [{ from: nickname }, title, { value: "fallback" }] }',
      value: "Sjef",
      expected: "Sjef",
    },
    {
      name: "first: falls through to a constant",
      spec: '{ first: [{ from: nickname }, title, { value: "fallback" }] }',
      value: [],
      expected: "fallback",
    },
  ];

  it.each(cases)("$name", ({ spec, value, expected }) => {
    const m = mapping(`title: ${spec}`);
    expect(fieldsOf(m.mapUser(user({ givenName: "Kari", title: value }), "ad:")).title).toBe(expected);
  });

  const templates: { attrs: Record<string, string>; expected: string | null }[] = [
    { attrs: { givenName: "Kari", sn: "Nordmann" }, expected: "Kari Nordmann" },
    { attrs: { givenName: "Kari" }, expected: "Kari" },
    { attrs: { sn: "Nordmann" }, expected: "Nordmann" },
    { attrs: { givenName: " Kari ", sn: "  Nordmann" }, expected: "Kari Nordmann" },
    { attrs: {}, expected: null },
  ];
  it.each(templates)("template ${givenName} ${sn} with $attrs", ({ attrs, expected }) => {
    const m = mapping('displayName: { template: "${givenName} ${sn}" }');
    const result = m.mapUser(user({ ...attrs, title: "x" }), "ad:");
    if (expected === null) expect(result).toHaveProperty("skip");
    else expect(fieldsOf(result).displayName).toBe(expected);
  });

  it("a template whose attributes are all empty is empty, so first moves on", () => {
    const m = mapping('displayName: { first: [{ template: "${givenName}, ${sn}" }, { value: "Ukjent" }] }');
    expect(fieldsOf(m.mapUser(user({ givenName: "" }), "ad:")).displayName).toBe("Ukjent");
  });

  it("transforms after first apply to the chosen alternative", () => {
    const m = mapping("displayName: { first: [displayName, cn], transforms: [uppercase] }");
    expect(fieldsOf(m.mapUser(user({ cn: "kari n" }), "ad:")).displayName).toBe("KARI N");
  });

  const e164: { raw: string; number: string | null; warning?: RegExp }[] = [
    { raw: "22 00 00 01", number: "+4722000001" },
    { raw: "+46 8 123 456 78", number: "+46812345678" },
    {
      raw: "22 00 02 11 ext. 123",
      number: "+4722000211",
      warning: /extension "123" of "22 00 02 11 ext\. 123" dropped/,
    },
    {
      raw: "n/a",
      number: null,
      warning: /work number from telephoneNumber: "n\/a" is not a valid phone number/,
    },
    {
      raw: "123",
      number: null,
      warning: /"123" is not a valid phone number \(parsed with default region NO\)/,
    },
  ];
  it.each(e164)("e164 on $raw", ({ raw, number, warning }) => {
    const m = mapping("phoneNumbers: [{ type: work, from: telephoneNumber, transforms: [e164] }]");
    const result = m.mapUser(user({ givenName: "Kari", telephoneNumber: raw }), "ad:");
    expect(fieldsOf(result).phoneNumbers).toEqual(number === null ? [] : [{ type: "work", number }]);
    if (warning) expect(messages(result)).toEqual([expect.stringMatching(warning)]);
    else expect(result.warnings).toEqual([]);
  });

  it("e164 without a region reads only international numbers", () => {
    const m = mapping("phoneNumbers: [{ type: work, from: telephoneNumber, transforms: [e164] }]", "");
    const local = m.mapUser(user({ givenName: "Kari", telephoneNumber: "22 00 00 01" }), "ad:");
    expect(fieldsOf(local).phoneNumbers).toEqual([]);
    expect(messages(local)).toEqual([expect.stringContaining("without a default region")]);
    const intl = m.mapUser(user({ givenName: "Kari", telephoneNumber: "+47 22 00 00 01" }), "ad:");
    expect(fieldsOf(intl).phoneNumbers).toEqual([{ type: "work", number: "+4722000001" }]);
  });
});
