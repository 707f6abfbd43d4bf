import { describe, expect, it } from "vitest";
import { compileMapping, mapUsers } from "../../../src/mapping/index.js";
import { SyncError } from "../../../src/model/exit-code.js";
import { fieldsOf, GUID, mapping, user } from "./build.js";

describe("mapUser: a skip is for the user's data, not for a bug", () => {
  // No source hands over a null value: a built-in writer failing on it stands for a bug in the tool.
  const broken = {
    ...user({ sAMAccountName: "kari" }),
    attributes: { givenname: [null as unknown as string] },
  };

  it("lets an exception from a built-in writer through instead of skipping the user", () => {
    const m = mapping("title: title");
    expect(() => m.mapUser(broken, "ad:")).toThrow(TypeError);
    expect(() => mapUsers([user({ givenName: "Ola" }), broken], m, "ad:")).toThrow(TypeError);
    let error: unknown;
    try {
      m.mapUser(broken, "ad:");
    } catch (e) {
      error = e;
    }
    // Not a SyncError: the run ends as an internal error (exit 1), not with a code that blames the data.
    expect(error).not.toBeInstanceOf(SyncError);
  });

  it("skips the user when a custom transform throws, whatever it throws: that is the site's code on that user", () => {
    const m = compileMapping(
      "fields:\n  firstName: givenName\n  title: { from: title, transforms: [lookUp] }\n",
      "site.yaml",
      {
        transforms: {
          lookUp: (value) => {
            if (value === "Boss") throw new TypeError("Cannot read properties of undefined (reading 'code')");
            return value;
          },
        },
      },
    );
    expect(fieldsOf(m.mapUser(user({ givenName: "Ola", title: "Engineer" }), "ad:")).title).toBe("Engineer");
    const result = m.mapUser(user({ sAMAccountName: "kari", givenName: "Kari", title: "Boss" }), "ad:");
    expect("skip" in result && result.skip).toEqual({
      source: "kari",
      reason:
        "the mapping of title failed: custom transform \"lookUp\" failed: Cannot read properties of undefined (reading 'code')",
      externalId: `ad:${GUID}`,
    });
  });
});
