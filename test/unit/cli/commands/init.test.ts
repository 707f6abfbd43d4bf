import { describe, expect, it } from "vitest";
import { envVariables } from "../../../../src/cli/commands/init.js";

describe("envVariables", () => {
  it("lists the ${env:NAME} of the uncommented part, each once, in order", () => {
    const text = [
      "a: ${env:ONE}   # or: ${env:IN_COMMENT}",
      "# b: ${env:COMMENTED_OUT}",
      "c: x${env:TWO}y${env:ONE}",
      'd: "#${env:THREE}"',
    ].join("\n");
    expect(envVariables(text)).toEqual(["ONE", "TWO", "THREE"]);
  });
});
