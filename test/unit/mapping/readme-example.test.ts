import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileMapping } from "../../../src/mapping/index.js";
import { user } from "./build.js";

/** The mapping example in README.md ("The mapping") is real: it compiles and maps as it says. */
describe("the README's mapping example", () => {
  const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("## The mapping"));
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];

  it("compiles and maps a user", () => {
    expect(yaml).toBeDefined();
    const mapping = compileMapping(yaml ?? "", "README.md");
    expect(mapping.managedFields).toEqual(
      expect.arrayContaining([
        "firstName",
        "displayName",
        "email",
        "company",
        "title",
        "phoneNumbers",
        "address",
      ]),
    );
    const result = mapping.mapUser(
      user({
        givenName: "Kari",
        sn: "Nordmann",
        mail: " Kari.Nordmann@Eksempel.no ",
        title: "Sr. rådgiver",
        mobile: "912 34 567",
        otherTelephone: ["22 00 00 01", "+46 8 123 456 78"],
        c: "no",
      }),
      "ad:",
    );
    expect("contact" in result && result.contact.fields).toMatchObject({
      firstName: "Kari",
      displayName: "Kari Nordmann",
      email: "kari.nordmann@eksempel.no",
      company: "Eksempel AS",
      title: "Senior rådgiver",
      phoneNumbers: [
        { type: "mobile", number: "+4791234567" },
        { type: "other", number: "+4722000001" },
        { type: "other", number: "+46812345678" },
      ],
      address: { street: null, postalCode: null, city: null, country: "NO" },
    });
  });
});
