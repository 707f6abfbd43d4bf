import { readFileSync } from "node:fs";
import { CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { exitCodeFor } from "../../../src/cli/exit-code.js";
import { exitCodeOfError } from "../../../src/cli/exit-code.js";
import { MbnApiError } from "../../../src/mbn/index.js";
import { ConfigError, DataError, UnavailableError, UsageError } from "../../../src/model/errors.js";
import { ExitCode } from "../../../src/model/exit-code.js";
import type { SyncReport } from "../../../src/report/index.js";
import { nothingDone, syncReport, tripped } from "../report/builders.js";
import { LockedError, StateError } from "../../../src/state/index.js";

const report = (overrides: Partial<SyncReport> = {}): SyncReport =>
  syncReport({ mode: "apply", ...overrides });

const failure = {
  action: "create" as const,
  externalId: "ad:x",
  contactId: null,
  source: "u",
  message: "no",
};
const pending = { planned: { create: 1, update: 0, delete: 0 } };
const done = { ...nothingDone, unchanged: 0, skipped: 0, conflicts: 0 };

describe("the exit-code contract", () => {
  it("has exactly the codes of the README's table", () => {
    const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("## Exit codes"), readme.indexOf("## Development"));
    const documented = [...section.matchAll(/^\| (\d+) +\|/gm)].map((m) => Number(m[1]));
    expect(documented).toEqual(Object.values(ExitCode));
  });

  it.each([
    ["a finished run", report(), false, ExitCode.ok],
    ["--check with nothing pending", report(), true, ExitCode.ok],
    ["--check with changes pending", report({ mode: "dry-run", ...pending }), true, ExitCode.changesPending],
    ["a dry run with changes, without --check", report({ mode: "dry-run", ...pending }), false, ExitCode.ok],
    ["a guard that stopped the writes", report({ guard: tripped }), false, ExitCode.guard],
    [
      "a guard that would stop a dry run's plan (plan, sync --dry-run: the plan job fails there)",
      report({ mode: "dry-run", guard: tripped }),
      false,
      ExitCode.guard,
    ],
    [
      "--check with changes pending and a guard that would stop them (3 before 2)",
      report({ mode: "dry-run", ...pending, guard: tripped }),
      true,
      ExitCode.guard,
    ],
    [
      "a dry run whose deletes were approved",
      report({ mode: "dry-run", ...pending, guard: { ok: true, approved: true, trips: [] } }),
      false,
      ExitCode.ok,
    ],
    [
      "some writes failed",
      report({ summary: { ...done, failed: 1 }, failures: [failure] }),
      false,
      ExitCode.partialFailure,
    ],
    [
      "a contact changed in MBN since the plan was skipped (stale)",
      report({ summary: { ...done, stale: 1 } }),
      false,
      ExitCode.partialFailure,
    ],
    [
      "interrupted, even with failures",
      report({ interrupted: true, summary: { ...done, failed: 1, notAttempted: 2 }, failures: [failure] }),
      false,
      ExitCode.interrupted,
    ],
  ])("%s → %i", (_, r, check, code) => {
    expect(exitCodeFor(r, check)).toBe(code);
  });

  it.each([
    ["a configuration error", new ConfigError("c.yaml", [{ key: "mbn", message: "missing" }]), 78],
    ["unreadable input", new DataError("bad LDIF"), 65],
    ["LDAP or MBN unreachable", new UnavailableError("no DC"), 69],
    ["a bad command line", new UsageError("no such option"), 64],
    ["commander's own usage error", new CommanderError(1, "commander.unknownOption", "unknown option"), 64],
    ["--help and --version", new CommanderError(0, "commander.helpDisplayed", "(outputHelp)"), 0],
    ["the lock held by another run", new LockedError("/s/lock", null, 3_600_000), 5],
    ["an unwritable state directory", new StateError("/s/state.json", "cannot write"), 1],
    [
      "MBN refusing a request, or failing past the retries (every status: mbn/exit-codes.test.ts)",
      new MbnApiError({ status: 500, message: "?", method: "GET", path: "/x" }),
      69,
    ],
    [
      "a contact the client would not send (it breaks the contract: a bug)",
      new MbnApiError({ status: 0, message: "not sent", method: "", path: "(contact input)" }),
      1,
    ],
    ["a bug", new TypeError("cannot read properties of undefined"), 1],
    ["something thrown that is not an Error", "a string", 1],
  ])("%s → %i", (_, error, code) => {
    expect(exitCodeOfError(error)).toBe(code);
  });
});
