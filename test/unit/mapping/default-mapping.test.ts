import { describe, expect, it } from "vitest";
import { mapUsers } from "../../../src/mapping/index.js";
import { ad, fieldsOf, GUID, kari, messages, user } from "./build.js";

describe("the shipped default mapping (mappings/active-directory.yaml)", () => {
  it("manages the fields of the README's table, and reads their attributes", () => {
    expect(ad.managedFields).toEqual([
      "firstName",
      "lastName",
      "displayName",
      "company",
      "department",
      "title",
      "email",
      "phoneNumbers",
      "address",
    ]);
    expect(ad.attributes).toEqual([
      "givenName",
      "sn",
      "displayName",
      "company",
      "department",
      "title",
      "mail",
      "mobile",
      "telephoneNumber",
      "streetAddress",
      "postalCode",
      "l",
      "c",
    ]);
    expect(ad.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it("maps a complete user", () => {
    const result = ad.mapUser(user(kari), "ad:");
    expect(result).toEqual({
      contact: {
        externalId: `ad:${GUID}`,
        source: "kari",
        fields: {
          firstName: "Kari",
          lastName: "Nordmann",
          displayName: "Kari Nordmann",
          company: "Eksempel AS",
          department: "IT",
          title: "Engineer",
          email: "kari.nordmann@eksempel.no",
          phoneNumbers: [
            { type: "mobile", number: "+4790012345" },
            { type: "work", number: "+4722000001" },
          ],
          address: { street: "Storgata 1", postalCode: "0155", city: "Oslo", country: "NO" },
        },
      },
      warnings: [],
    });
  });

  const numbers: { raw: string; expected: string | null; warning?: RegExp }[] = [
    { raw: "22 00 00 01", expected: "+4722000001" },
    { raw: "0047 22000123", expected: "+4722000123" },
    { raw: "(+47) 900 12 345", expected: "+4790012345" },
    { raw: "+46 8 123 456 78", expected: "+46812345678" },
    { raw: "+4790012345", expected: "+4790012345" },
    { raw: "22 00 02 11 ext. 123", expected: "+4722000211", warning: /extension "123" .* dropped/ },
    { raw: "n/a", expected: null, warning: /"n\/a" is not a valid phone number/ },
    { raw: "2200", expected: null, warning: /"2200" is not a valid phone number/ },
    { raw: "+47 22", expected: null, warning: /"\+47 22" is not a valid phone number/ },
    { raw: "12345678", expected: null, warning: /"12345678" is not a valid phone number/ },
  ];
  it.each(numbers)("telephoneNumber $raw", ({ raw, expected, warning }) => {
    const result = ad.mapUser(user({ ...kari, mobile: [], telephoneNumber: raw }), "ad:");
    expect(fieldsOf(result).phoneNumbers).toEqual(
      expected === null ? [] : [{ type: "work", number: expected }],
    );
    expect(messages(result)).toEqual(warning ? [expect.stringMatching(warning)] : []);
    for (const w of result.warnings) expect(w).toMatchObject({ source: "kari", field: "phoneNumbers" });
  });

  it("keeps the same number once per type, and both types when mobile and work agree", () => {
    const result = ad.mapUser(user({ ...kari, mobile: "900 12 345", telephoneNumber: "+4790012345" }), "ad:");
    expect(fieldsOf(result).phoneNumbers).toEqual([
      { type: "mobile", number: "+4790012345" },
      { type: "work", number: "+4790012345" },
    ]);
  });

  it("trims and lower-cases an upper-case e-mail with spaces", () => {
    const result = ad.mapUser(user({ ...kari, mail: "  Kari.Nordmann@EKSEMPEL.NO " }), "ad:");
    expect(fieldsOf(result).email).toBe("kari.nordmann@eksempel.no");
    expect(result.warnings).toEqual([]);
  });

  it.each([
    "kari",
    "kari@",
    "kari nordmann@eksempel.no",
    "kari@@eksempel.no",
    ".kari@eksempel.no",
    "kari@eksempel",
  ])("leaves out the e-mail %j with a warning", (mail) => {
    const result = ad.mapUser(user({ ...kari, mail }), "ad:");
    expect(fieldsOf(result).email).toBeNull();
    expect(result.warnings).toEqual([
      {
        source: "kari",
        field: "email",
        message: expect.stringContaining("is not an e-mail address") as string,
      },
    ]);
  });

  it("keeps names with æøå", () => {
    const result = ad.mapUser(
      user({
        ...kari,
        givenName: "Kåre Ærlig",
        sn: "Østbø",
        displayName: [],
        mail: "kåre.østbø@eksempel.no",
      }),
      "ad:",
    );
    expect(fieldsOf(result)).toMatchObject({
      firstName: "Kåre Ærlig",
      lastName: "Østbø",
      displayName: "Kåre Ærlig Østbø",
      email: "kåre.østbø@eksempel.no",
    });
  });

  it("cuts a 200-character displayName to 128, with a warning", () => {
    const long = "Å".repeat(200);
    const result = ad.mapUser(user({ ...kari, displayName: long }), "ad:");
    expect(fieldsOf(result).displayName).toBe("Å".repeat(128));
    expect(result.warnings).toEqual([
      {
        source: "kari",
        field: "displayName",
        message: expect.stringContaining("200 characters is over the limit of 128") as string,
      },
    ]);
  });

  it("maps a user with only a displayName", () => {
    const result = ad.mapUser(user({ sAMAccountName: "resepsjon", displayName: "Resepsjonen" }), "ad:");
    expect(result).toEqual({
      contact: {
        externalId: `ad:${GUID}`,
        source: "resepsjon",
        fields: {
          firstName: null,
          lastName: null,
          displayName: "Resepsjonen",
          company: null,
          department: null,
          title: null,
          email: null,
          phoneNumbers: [],
          address: null,
        },
      },
      warnings: [],
    });
  });

  it("skips a user with no name, with the reason", () => {
    const result = ad.mapUser(
      user({ sAMAccountName: "svc-print", givenName: " ", mail: "print@eksempel.no" }),
      "ad:",
    );
    expect(result).toEqual({
      skip: {
        source: "svc-print",
        reason: expect.stringContaining("no name") as string,
        // the key goes with the skip, so the planner keeps this user's contact instead of deleting it
        externalId: `ad:${GUID}`,
      },
      warnings: [],
    });
  });

  it("skips a user without objectGUID, named by DN when there is no sAMAccountName", () => {
    const dn = "CN=Kari Nordmann,OU=Staff,DC=corp,DC=example";
    const result = ad.mapUser(user({ givenName: "Kari" }, { guid: null, dn }), "ad:");
    expect(result).toEqual({
      skip: { source: dn, reason: expect.stringContaining("no objectGUID") as string },
      warnings: [],
    });
  });

  it("gives null for an address whose parts are all empty", () => {
    const result = ad.mapUser(user({ ...kari, streetAddress: " ", postalCode: [], l: "", c: [] }), "ad:");
    expect(fieldsOf(result).address).toBeNull();
  });

  it("a user with bad data does not stop the others", () => {
    const result = mapUsers(
      [
        user(kari),
        user({ sAMAccountName: "noname", givenName: " " }),
        user({ sAMAccountName: "noguid", givenName: "X" }, { guid: null }),
        user({ ...kari, sAMAccountName: "ola", mail: "x" }),
      ],
      ad,
      "ad:",
    );
    expect(result.desired.map((d) => d.source)).toEqual(["kari", "ola"]);
    expect(result.skipped).toEqual([
      {
        source: "noname",
        reason: expect.stringContaining("no name") as string,
        externalId: expect.stringMatching(/^ad:[0-9a-f-]{36}$/) as string,
      },
      { source: "noguid", reason: expect.stringContaining("no objectGUID") as string },
    ]);
    expect(result.warnings).toEqual([
      { source: "ola", field: "email", message: expect.any(String) as string },
    ]);
  });
});
