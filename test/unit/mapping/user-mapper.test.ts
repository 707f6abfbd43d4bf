import { describe, expect, it } from "vitest";
import { mapUsers } from "../../../src/mapping/index.js";
import { UserMapper } from "../../../src/mapping/map-users.js";
import { ad, kari, user } from "./build.js";

const guid = (n: number): string => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

describe("UserMapper: users mapped one at a time as a source hands them over", () => {
  const users = [
    user(kari, { guid: guid(1) }),
    user({ ...kari, sAMAccountName: "ola", mobile: "not a number" }, { guid: guid(2) }),
    user({ sAMAccountName: "noguid", givenName: "Per" }, { guid: null }),
    user({ ...kari, sAMAccountName: "eva" }, { guid: guid(3) }),
  ];

  it("makes what mapUsers makes of the same users in the same order, and counts them", () => {
    const mapper = new UserMapper(ad, "ad:");
    for (const u of users) mapper.add(u);
    expect(mapper.mapped).toEqual(mapUsers(users, ad, "ad:"));
    expect(mapper.count).toBe(4);
    expect(mapper.mapped.desired.map((c) => c.source)).toEqual(["kari", "ola", "eva"]);
    expect(mapper.mapped.skipped.map((s) => s.source)).toEqual(["noguid"]);
    expect(mapper.mapped.warnings.map((w) => w.source)).toContain("ola");
  });
});
