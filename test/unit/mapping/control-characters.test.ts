import { describe, expect, it } from "vitest";
import { ad, fieldsOf, kari, messages, user } from "./build.js";

describe("control characters in directory values", () => {
  it("removes them from names and titles, with a warning naming the field and the value", () => {
    const result = ad.mapUser(
      user({
        ...kari,
        givenName: "Bell\u0007Ringer",
        sn: "Esc\u001b[31mape\u0000",
        title: "Boss\u0085",
        displayName: "",
      }),
      "ad:",
    );
    expect(fieldsOf(result)).toMatchObject({
      firstName: "BellRinger",
      lastName: "Esc[31mape",
      displayName: "BellRinger Esc[31mape",
      title: "Boss",
    });
    expect(messages(result)).toEqual([
      'firstName: control characters removed from "Bell\\u0007Ringer"',
      'lastName: control characters removed from "Esc\\u001b[31mape\\u0000"',
      'displayName: control characters removed from "Bell\\u0007Ringer Esc\\u001b[31mape\\u0000"',
      'title: control characters removed from "Boss\\u0085"',
    ]);
  });

  it("keeps right-to-left marks and emoji, which are text", () => {
    const result = ad.mapUser(user({ ...kari, givenName: "\u200fנועה", sn: "Brontë 👩‍👩‍👧‍👦" }), "ad:");
    expect(fieldsOf(result)).toMatchObject({ firstName: "\u200fנועה", lastName: "Brontë 👩‍👩‍👧‍👦" });
    expect(messages(result)).toEqual([]);
  });

  it("skips a user whose name was only control characters", () => {
    const result = ad.mapUser(
      user({ ...kari, givenName: "\u0007", sn: "\u0000", displayName: "\u001b" }),
      "ad:",
    );
    expect("skip" in result && result.skip.reason).toMatch(/no name/);
  });
});
