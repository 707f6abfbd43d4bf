import { describe, expect, it } from "vitest";
import { toSourceUser, valuesOf } from "../../../../src/source/ldap/entry.js";

const GUID_BYTES = Buffer.from("d1f42a678d9e62458d3e1d76bc47041d", "hex");

describe("toSourceUser", () => {
  it("lower-cases names, whatever spelling each entry uses, and gives every attribute as an array", () => {
    const first = toSourceUser({
      dn: "CN=A,DC=x",
      objectGUID: GUID_BYTES,
      givenName: "Kari",
      mobile: ["+47 1", "+47 2"],
      mail: [],
    });
    const second = toSourceUser({ dn: "CN=B,DC=x", GIVENNAME: "Ola", givenname: [] });
    expect(first).toEqual({
      dn: "CN=A,DC=x",
      guid: "672af4d1-9e8d-4562-8d3e-1d76bc47041d",
      attributes: {
        objectguid: ["672af4d1-9e8d-4562-8d3e-1d76bc47041d"],
        givenname: ["Kari"],
        mobile: ["+47 1", "+47 2"],
        mail: [],
      },
    });
    // The later spelling wins, as it did before names were cached.
    expect(second).toEqual({ dn: "CN=B,DC=x", guid: null, attributes: { givenname: [] } });
  });

  it("turns bytes into text (ldapts gives every value of an attribute as bytes when one is)", () => {
    expect(valuesOf([Buffer.from("Tromsø"), Buffer.from("Oslo")])).toEqual(["Tromsø", "Oslo"]);
    expect(valuesOf(Buffer.from("Bodø"))).toEqual(["Bodø"]);
    expect(valuesOf(undefined)).toEqual([]);
  });
});
