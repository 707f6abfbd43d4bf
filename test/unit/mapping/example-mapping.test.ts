import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileMapping } from "../../../src/mapping/index.js";
import { fieldsOf, GUID, messages, user } from "./build.js";

const text = readFileSync(new URL("../../../mappings/examples/ip-phone-site.yaml", import.meta.url), "utf8");
const site = compileMapping(text, "mappings/examples/ip-phone-site.yaml");

describe("the shipped example mappings/examples/ip-phone-site.yaml", () => {
  it("points editors at the schema", () => {
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=../mapping.schema.json");
  });

  it("lists what it reads", () => {
    expect(site.attributes).toEqual([
      "givenName",
      "sn",
      "displayName",
      "department",
      "title",
      "mail",
      "mobile",
      "ipPhone",
      "otherTelephone",
      "streetAddress",
      "postalCode",
      "l",
      "c",
    ]);
    expect(site.managedFields).not.toContain("notes");
  });

  it("maps a sample user", () => {
    const result = site.mapUser(
      user({
        sAMAccountName: "ola",
        givenName: "Ola",
        sn: "Østby",
        mail: "Ola.Ostby@Eksempel.no",
        mobile: "900 12 345",
        ipPhone: "4123",
        otherTelephone: ["+46 8 123 456 78", "n/a", "22 00 00 01"],
        title: "Sr. Engineer",
        company: "Ignored AS",
        c: "no",
      }),
      "site1:",
    );
    expect(result).toEqual({
      contact: {
        externalId: `site1:${GUID}`,
        source: "ola",
        fields: {
          firstName: "Ola",
          lastName: "Østby",
          displayName: "Ola Østby",
          company: "Eksempel Bygg AS",
          department: null,
          title: "Senior Engineer",
          email: "ola.ostby@eksempel.no",
          phoneNumbers: [
            { type: "mobile", number: "+4790012345" },
            { type: "work", number: "+4721004123" },
            { type: "other", number: "+46812345678" },
            { type: "other", number: "+4722000001" },
          ],
          address: { street: null, postalCode: null, city: null, country: "NO" },
        },
      },
      warnings: [
        {
          source: "ola",
          field: "phoneNumbers",
          message: expect.stringContaining(
            'other number from otherTelephone: "n/a" is not a valid phone number',
          ) as string,
        },
      ],
    });
  });

  it("gives a title by default and keeps a full ipPhone number", () => {
    const result = site.mapUser(user({ givenName: "Ola", ipPhone: "+47 21 00 41 23" }), "ad:");
    expect(fieldsOf(result)).toMatchObject({
      title: "Ansatt",
      phoneNumbers: [{ type: "work", number: "+4721004123" }],
    });
    expect(messages(result)).toEqual([]);
  });
});

describe("attributes", () => {
  it("deduplicates case-insensitively, keeping the first spelling, and includes template and first reads", () => {
    const m = compileMapping(
      [
        "fields:",
        "  firstName: givenName",
        "  lastName: { from: SN }",
        '  displayName: { first: [displayName, { template: "${GivenName} ${sn} (${initials})" }] }',
        "  title: { first: [{ from: TITLE }, { value: x }] }",
        '  company: { value: "Eksempel AS" }',
        "  phoneNumbers: [{ type: other, from: otherTelephone, all: true }]",
      ].join("\n"),
      "attrs.yaml",
    );
    expect(m.attributes).toEqual(["givenName", "SN", "displayName", "initials", "TITLE", "otherTelephone"]);
    expect(m.managedFields).toEqual([
      "firstName",
      "lastName",
      "displayName",
      "company",
      "title",
      "phoneNumbers",
    ]);
  });

  it("reads attributes in any case from the user", () => {
    const m = compileMapping("fields:\n  firstName: GIVENNAME\n", "case.yaml");
    expect(fieldsOf(m.mapUser(user({ givenname: "Kari" }), "ad:")).firstName).toBe("Kari");
  });

  it("the fingerprint follows the text", () => {
    const a = compileMapping("fields:\n  firstName: givenName\n", "a.yaml");
    const b = compileMapping("fields:\n  firstName: givenName # same\n", "a.yaml");
    expect(a.fingerprint).not.toBe(b.fingerprint);
    expect(compileMapping("fields:\n  firstName: givenName\n", "b.yaml").fingerprint).toBe(a.fingerprint);
  });
});
