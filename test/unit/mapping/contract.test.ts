import { describe, expect, it } from "vitest";
import { compileMapping } from "../../../src/mapping/index.js";
import { ad, fieldsOf, kari, messages, user } from "./build.js";

describe("the contract checks: the number limit and country codes", () => {
  it("keeps the first 5 of more than 5 numbers, with a warning", () => {
    const m = compileMapping(
      [
        "region: NO",
        "fields:",
        "  displayName: displayName",
        "  phoneNumbers:",
        "    - { type: mobile, from: mobile, all: true, transforms: [e164] }",
        "    - { type: work, from: telephoneNumber, transforms: [e164] }",
      ].join("\n"),
      "many.yaml",
    );
    const mobiles = ["900 00 001", "900 00 002", "900 00 003", "900 00 004", "900 00 005", "900 00 006"];
    const result = m.mapUser(
      user({ sAMAccountName: "kari", displayName: "Kari", mobile: mobiles, telephoneNumber: "22 00 00 01" }),
      "ad:",
    );
    expect(fieldsOf(result).phoneNumbers).toEqual(
      mobiles.slice(0, 5).map((n) => ({ type: "mobile", number: `+47${n.replace(/ /g, "")}` })),
    );
    expect(messages(result)).toEqual([
      "phoneNumbers: 7 numbers is over the limit of 5; kept the first 5, left out mobile +4790000006, work +4722000001",
    ]);
  });

  it.each([
    ["NO", "NO"],
    [" se ", "SE"],
    ["dk", "DK"],
    ["US", "US"],
    ["GB", "GB"],
  ])("keeps the country %j as %j", (c, expected) => {
    expect(fieldsOf(ad.mapUser(user({ ...kari, c }), "ad:")).address?.country).toBe(expected);
  });

  it.each(["XX", "NOR", "Norway", "EU", "UK", "ZZ"])("leaves out the country %j with a warning", (c) => {
    const result = ad.mapUser(user({ ...kari, c }), "ad:");
    expect(fieldsOf(result).address).toEqual({
      street: "Storgata 1",
      postalCode: "0155",
      city: "Oslo",
      country: null,
    });
    expect(result.warnings).toEqual([
      {
        source: "kari",
        field: "address.country",
        message: expect.stringContaining("is not an ISO 3166-1 alpha-2 country code") as string,
      },
    ]);
  });
});
