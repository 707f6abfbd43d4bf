import { describe, expect, it } from "vitest";
import { checkExitCode } from "../../../src/cli/commands/check.js";
import { ExitCode } from "../../../src/model/exit-code.js";
import { renderCheckJson, renderCheckText, type CheckReport } from "../../../src/report/index.js";

const green: CheckReport = {
  version: 1,
  checks: [
    { name: "config", ok: true, detail: "loaded /etc/mbn-ad-sync.yaml" },
    { name: "mbn-token", ok: true, detail: 'from https://mbn/oauth/v2/token for client "c", user "u"' },
  ],
};

const red: CheckReport = {
  version: 1,
  checks: [
    { name: "config", ok: true, detail: "loaded /etc/mbn-ad-sync.yaml" },
    {
      name: "mapping",
      ok: false,
      detail: "/etc/m.yaml: 1 problem\n  - fields.titel (line 3): unknown key",
      exitCode: ExitCode.config,
    },
    { name: "source", ok: false, detail: "LDAP: could not bind", exitCode: ExitCode.unavailable },
    { name: "mbn-userinfo", ok: false, skipped: true, detail: "not checked: needs a token" },
    { name: "custom", ok: true, detail: "a check without a title" },
  ],
};

describe("renderCheckText", () => {
  it("marks each check ✓, and says all passed", () => {
    expect(renderCheckText(green)).toBe(
      "✓ Configuration: loaded /etc/mbn-ad-sync.yaml\n" +
        '✓ MBN token: from https://mbn/oauth/v2/token for client "c", user "u"\n' +
        "\nAll checks passed.\n",
    );
  });

  it("marks failures ✗ and checks not run –, indents a detail over several lines, and counts both", () => {
    expect(renderCheckText(red)).toBe(
      [
        "✓ Configuration: loaded /etc/mbn-ad-sync.yaml",
        "✗ Mapping: /etc/m.yaml: 1 problem",
        "      - fields.titel (line 3): unknown key",
        "✗ Directory source: LDAP: could not bind",
        "– MBN catalog/userInfo: not checked: needs a token",
        "✓ custom: a check without a title",
        "",
        "2 checks failed, 1 not run.",
        "",
      ].join("\n"),
    );
  });
});

describe("renderCheckJson", () => {
  it("gives { version: 1, checks: [{ name, ok, detail }] }, with skipped only on checks not run", () => {
    const json = JSON.parse(renderCheckJson(red)) as { version: number; checks: object[] };
    expect(json.version).toBe(1);
    expect(json.checks).toEqual([
      { name: "config", ok: true, detail: "loaded /etc/mbn-ad-sync.yaml" },
      {
        name: "mapping",
        ok: false,
        detail: "/etc/m.yaml: 1 problem\n  - fields.titel (line 3): unknown key",
      },
      { name: "source", ok: false, detail: "LDAP: could not bind" },
      { name: "mbn-userinfo", ok: false, skipped: true, detail: "not checked: needs a token" },
      { name: "custom", ok: true, detail: "a check without a title" },
    ]);
  });
});

describe("checkExitCode", () => {
  it("is 0 when all pass, else the code of the first failure (not of a check not run)", () => {
    expect(checkExitCode(green)).toBe(0);
    expect(checkExitCode(red)).toBe(ExitCode.config);
    const [, , source, skipped] = red.checks;
    if (!source || !skipped) throw new Error("fixture");
    expect(checkExitCode({ version: 1, checks: [skipped, source] })).toBe(ExitCode.unavailable);
    expect(checkExitCode({ version: 1, checks: [{ name: "x", ok: false, detail: "?" }] })).toBe(
      ExitCode.internal,
    );
  });
});
