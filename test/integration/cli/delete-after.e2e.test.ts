import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config/index.js";
import { runSync } from "../../../src/engine/run-sync.js";
import type { SyncReport } from "../../../src/report/index.js";
import { runCli } from "../../helpers/cli.js";
import { writeUsersLdif } from "../../helpers/ldif-users.js";
import { env, startFixture, type Fixture } from "./fixture.js";

/**
 * sync.deleteAfter end to end: the built CLI against the simulator for what the operator sees, and the
 * engine with the run's clock (`now`) for the runs after the grace period, so no test waits in real time.
 */

const HOUR = 3_600_000;

let fx: Fixture;
let all: string;
let withoutUser0: string;

const contacts = (): number => fx.sim.contacts("E1001").length;

async function json(args: string[]): Promise<{ code: number | null; report: SyncReport }> {
  const result = await runCli([...args, "--json"], { env });
  expect(result.stderr).not.toMatch(/error/i);
  return { code: result.code, report: JSON.parse(result.stdout) as SyncReport };
}

/** One run of the engine at `at`, as `sync` runs it. */
async function syncAt(config: string, at: number): Promise<SyncReport> {
  const loaded = await loadConfig({ configPath: config, env });
  return runSync(loaded, { mode: "apply", now: () => new Date(at) });
}

function savedMissing(): unknown {
  const state = JSON.parse(readFileSync(join(fx.dir, "state", "state.json"), "utf8")) as {
    missingSince?: unknown;
  };
  return state.missingSince;
}

beforeAll(async () => {
  fx = await startFixture();
  // Long enough that the CLI runs below (in real time) stay inside it on a slow machine; the engine runs
  // after it with their own clock.
  const extra = "sync:\n  deleteAfter: 1h\n";
  all = fx.writeConfig("all.yaml", { ldif: writeUsersLdif(join(fx.dir, "all.ldif"), 12), extra });
  withoutUser0 = fx.writeConfig("left.yaml", {
    ldif: writeUsersLdif(join(fx.dir, "left.ldif"), 11, { first: 1 }),
    extra,
  });
});

afterAll(async () => {
  await fx.close();
});

describe("sync.deleteAfter: 1h", () => {
  it("keeps a leaver's contact as a pending delete, and deletes it once due", async () => {
    expect((await runCli(["sync", "--config", all], { env })).code).toBe(0);
    expect(contacts()).toBe(12);

    // the user leaves: listed as a pending delete, nothing written, not drift for --check
    const left = await json(["sync", "--config", withoutUser0]);
    expect(left.code).toBe(0);
    expect(left.report.planned).toEqual({ create: 0, update: 0, delete: 0 });
    expect(left.report.summary.pendingDeletes).toBe(1);
    const [pending] = left.report.pendingDeletes ?? [];
    expect(pending).toMatchObject({
      name: expect.any(String) as string,
      contactId: expect.any(String) as string,
    });
    const since = Date.parse(pending?.missingSince ?? "");
    expect(Date.parse(pending?.due ?? "")).toBe(since + HOUR);
    expect(contacts()).toBe(12);
    expect(savedMissing()).toEqual([{ externalId: pending?.externalId, since: pending?.missingSince }]);

    const check = await runCli(["sync", "--config", withoutUser0, "--check"], { env });
    expect(check.code).toBe(0);
    expect(check.stdout).toContain("Pending deletes (1), kept until sync.deleteAfter has passed:");
    expect(check.stdout).toContain(`pending delete since ${pending?.missingSince} (due ${pending?.due})`);

    // a moment before it is due: still pending, with the same date
    const early = await syncAt(withoutUser0, since + HOUR - 1);
    expect(early.planned.delete).toBe(0);
    expect(early.pendingDeletes?.[0]?.missingSince).toBe(pending?.missingSince);

    // due: deleted
    const due = await syncAt(withoutUser0, since + HOUR);
    expect(due.summary.delete).toBe(1);
    expect(due.changes).toMatchObject([
      { action: "delete", externalId: pending?.externalId, status: "done" },
    ]);
    expect(contacts()).toBe(11);
    expect(due.pendingDeletes).toEqual([]);
  });

  it("keeps since when users are missing through plan --out and apply", async () => {
    const title = fx.writeConfig("title.yaml", {
      ldif: writeUsersLdif(join(fx.dir, "title.ldif"), 11, {
        first: 1,
        attributes: (i) => (i === 1 ? { title: "CTO" } : undefined),
      }),
      extra: "sync:\n  deleteAfter: 1h\n",
    });
    // user 0 was deleted above: back in scope, then gone again, so the state holds it as missing
    expect((await runCli(["sync", "--config", all], { env })).code).toBe(0);
    expect((await runCli(["sync", "--config", title, "--dry-run"], { env })).code).toBe(0);
    const missing = savedMissing();
    expect(missing).toHaveLength(1);
    const planFile = join(fx.dir, "title-plan.json");
    const planned = await runCli(["plan", "--config", title, "--out", planFile], { env });
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain("Pending deletes (1)");
    const applied = await runCli(["apply", planFile, "--config", title], { env });
    expect(applied.code, applied.stderr).toBe(0);
    expect(savedMissing()).toEqual(missing);
  });

  it("cancels a pending delete silently when the user comes back", async () => {
    const left = await syncAt(withoutUser0, Date.UTC(2030, 0, 1));
    // user 0 was deleted above and comes back now: created; then leaves again: pending from now
    const back = await syncAt(all, Date.UTC(2030, 0, 1, 0, 0, 1));
    expect(back.summary.create).toBe(1);
    const gone = await syncAt(withoutUser0, Date.UTC(2030, 0, 1, 0, 0, 2));
    expect(gone.pendingDeletes).toHaveLength(1);
    expect(left.pendingDeletes).toEqual([]);

    const returned = await syncAt(all, Date.UTC(2030, 0, 1, 0, 0, 3));
    expect(returned.pendingDeletes).toEqual([]);
    expect(returned.changes).toEqual([]);
    expect(returned.warnings).toEqual([]);
    expect(savedMissing()).toBeUndefined();
    // long after the old due time: nothing to delete
    const later = await syncAt(all, Date.UTC(2030, 0, 2));
    expect(later.planned.delete).toBe(0);
    expect(contacts()).toBe(12);
  });
});
