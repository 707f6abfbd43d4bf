/**
 * Every status the MBN contract lists, met for real against the simulator, and the exit code the tool
 * ends with, decided where the tool decides it: an error that escapes ends the run with its own code
 * (cli/exit-code.ts exitCodeOfError); a write's outcome goes through the report (cli/exit-code.ts
 * exitCodeFor); a status the engine recovers from (the mirror refresh, the writer) ends in 0.
 */
import { afterEach, describe, expect, it } from "vitest";
import { exitCodeFor } from "../../../src/cli/exit-code.js";
import { exitCodeOfError } from "../../../src/cli/exit-code.js";
import { refreshMirror } from "../../../src/engine/mirror-refresh.js";
import type { MbnClient, MbnClientOptions } from "../../../src/mbn/index.js";
import { emptyContactInput, MANAGEABLE_FIELDS, toInput, type Contact } from "../../../src/model/contact.js";
import type { DesiredContact } from "../../../src/model/desired.js";
import { ExitCode } from "../../../src/model/exit-code.js";
import { makePlan } from "../../../src/plan/index.js";
import { buildReport } from "../../../src/report/index.js";
import { DEFAULT_USER, startSimulator, type RunningSimulator } from "../../../src/simulator/index.js";
import type { SimulatorFaults } from "../../../src/simulator/index.js";
import { executeWrites, mbnContactWriter, type WriterOptions } from "../../../src/write/index.js";
import { demoClient } from "../../helpers/demo-client.js";
import { FakeClock } from "../../helpers/fake-clock.js";

const E = "E1001";
const DAY_MS = 86_400_000;
const managedFields = MANAGEABLE_FIELDS.filter((f) => f !== "notes");
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

/** A user whose enterprise the simulator does not know: MBN refuses it its own enterprise. */
const ORPHAN = { username: "orphan", password: "orphan-pw", enterpriseId: "E7777", groupId: "G7777" };

interface World {
  sim: RunningSimulator;
  client: (options?: Partial<MbnClientOptions>) => MbnClient;
}

async function world(): Promise<World> {
  const sim = await startSimulator({ port: 0, users: [DEFAULT_USER, ORPHAN] });
  open.push(sim);
  const client = (options: Partial<MbnClientOptions> = {}): MbnClient => {
    const c = demoClient(sim.url, { requestsPerSecond: 1000, clock: new FakeClock(), ...options });
    open.push(c);
    return c;
  };
  return { sim, client };
}

let n = 0;
function user(fields: DesiredContact["fields"] = {}): DesiredContact {
  const externalId = `ad:00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`;
  return { externalId, source: `user${n}`, fields: { firstName: `Kari${n}`, ...fields } };
}

function seed(w: World, desired: DesiredContact, change: Partial<Contact> = {}): Contact {
  const [stored] = w.sim.seed(E, [
    { ...emptyContactInput(), externalId: desired.externalId, firstName: "Old", ...change },
  ]);
  if (!stored) throw new Error("seed failed");
  return stored;
}

/** A run that ends with an error ends with that error's code. */
async function ending(run: () => Promise<ExitCode>): Promise<ExitCode> {
  try {
    return await run();
  } catch (error) {
    return exitCodeOfError(error);
  }
}

/** Plans `desired` against `contacts`, lets `meanwhile` change MBN, writes the plan, and reports. */
async function writing(
  w: World,
  desired: DesiredContact[],
  contacts: Contact[],
  onStale: WriterOptions["onStale"],
  meanwhile: (client: MbnClient) => Promise<unknown> = () => Promise.resolve(),
): Promise<ExitCode> {
  const client = w.client({ enterpriseId: E });
  const plan = makePlan({ desired, contacts, managedFields, options: { prefix: "ad:", deletes: "delete" } });
  expect(plan.entries).toHaveLength(1);
  await meanwhile(client);
  const written = await executeWrites(plan.entries, mbnContactWriter(client, { managedFields, onStale }), {
    concurrency: 1,
  });
  const report = buildReport({
    mode: "apply",
    source: { description: "test", users: desired.length, excludedDisabled: 0 },
    warnings: [],
    skipped: [],
    plan,
    guard: { ok: true, approved: false, trips: [] },
    written,
  });
  return exitCodeFor(report, false);
}

/** The mirror refresh from a state whose watermark is `watermark`. */
async function refreshing(w: World, watermark: Date): Promise<ExitCode> {
  const now = new Date();
  const previous = {
    format: 2 as const,
    baseUrl: w.sim.url,
    enterpriseId: E,
    watermark: watermark.toISOString(),
    lastFullReadAt: now.toISOString(),
    contacts: [],
    lastRun: null,
  };
  const input = { previous, baseUrl: w.sim.url, enterpriseId: E, full: false, fullResyncAfterDays: 7, now };
  const result = await refreshMirror(w.client({ enterpriseId: E }), input);
  expect(result.fullRead).toBe(true);
  return ExitCode.ok;
}

/** A call made once the token is held, with `faults` switched on for it. */
async function faulty(w: World, faults: SimulatorFaults): Promise<ExitCode> {
  const client = w.client({ maxAttempts: 2 });
  await client.userInfo();
  w.sim.setFaults(faults);
  await client.listContacts();
  return ExitCode.ok;
}

interface Row {
  status: number;
  case: string;
  run: (w: World) => Promise<ExitCode>;
  exit: ExitCode;
  /** Words the message the operator sees must hold. */
  says?: string;
}

const ROWS: Row[] = [
  {
    status: 400,
    case: "a create MBN rejects (a number not in E.164): that contact's failed write",
    run: (w) => writing(w, [user({ phoneNumbers: [{ type: "mobile", number: "12345" }] })], [], "replan"),
    exit: ExitCode.partialFailure,
  },
  {
    status: 400,
    case: "the feed rejects the watermark (later than MBN's clock): a full read instead",
    run: (w) => refreshing(w, new Date(Date.now() + DAY_MS)),
    exit: ExitCode.ok,
  },
  {
    status: 401,
    case: "the client secret refused",
    run: async (w) => (await w.client({ clientSecret: "wrong" }).userInfo(), ExitCode.ok),
    exit: ExitCode.unavailable,
    says: 'MBN refused the client id "demo-client" or its secret',
  },
  {
    status: 403,
    case: "mbn.enterpriseId names an enterprise the API user may not see",
    run: async (w) => (await w.client({ enterpriseId: "E9999" }).listContacts(), ExitCode.ok),
    exit: ExitCode.config,
    says: 'mbn.enterpriseId: the API user "api-user-1" may not manage enterprise E9999',
  },
  {
    status: 403,
    case: "MBN refuses the API user its own enterprise",
    run: async (w) => (
      await w.client({ username: ORPHAN.username, password: ORPHAN.password }).listContacts(),
      ExitCode.ok
    ),
    exit: ExitCode.unavailable,
    says: "check the API user's role in Min Bedrift",
  },
  {
    status: 404,
    case: "mbn.baseUrl is not the API root (no catalog/userInfo under it)",
    run: async (w) => (await w.client({ baseUrl: `${w.sim.url}/api` }).listContacts(), ExitCode.ok),
    exit: ExitCode.config,
    says: "mbn.baseUrl:",
  },
  {
    status: 404,
    case: "an update of a contact deleted since, in sync: created again",
    run: (w) => {
      const u = user();
      return writing(w, [u], [seed(w, u)], "replan", (c) => c.deleteContact(w.sim.contacts(E)[0]?.id ?? ""));
    },
    exit: ExitCode.ok,
  },
  {
    status: 404,
    case: "an update of a contact deleted since, in a saved plan: stale, not written",
    run: (w) => {
      const u = user();
      return writing(w, [u], [seed(w, u)], "skip", (c) => c.deleteContact(w.sim.contacts(E)[0]?.id ?? ""));
    },
    exit: ExitCode.partialFailure,
  },
  {
    status: 404,
    case: "a delete of a contact already gone",
    run: (w) => {
      const stored = seed(w, user());
      return writing(w, [], [stored], "replan", (c) => c.deleteContact(stored.id));
    },
    exit: ExitCode.ok,
  },
  {
    status: 409,
    case: "a create of a contact MBN already holds (our own earlier create): already present",
    run: (w) => {
      const u = user();
      // Stored by "us" before, with what the plan sends: MBN answers the create 409.
      return writing(w, [u], [], "replan", () =>
        Promise.resolve(seed(w, u, { firstName: u.fields.firstName ?? null })),
      );
    },
    exit: ExitCode.ok,
  },
  {
    status: 410,
    case: "the feed's tombstones no longer reach the watermark: a full read instead",
    run: (w) => refreshing(w, new Date(Date.now() - 40 * DAY_MS)),
    exit: ExitCode.ok,
  },
  {
    status: 412,
    case: "an update of a contact changed since, in sync: re-planned against it",
    run: (w) => {
      const u = user({ title: "Sjef" });
      const stored = seed(w, u);
      return writing(w, [u], [stored], "replan", (c) =>
        c.updateContact(stored.id, { ...toInput(stored), department: "Salg" }),
      );
    },
    exit: ExitCode.ok,
  },
  {
    status: 412,
    case: "an update of a contact changed since, in a saved plan: stale, not written",
    run: (w) => {
      const u = user({ title: "Sjef" });
      const stored = seed(w, u);
      return writing(w, [u], [stored], "skip", (c) =>
        c.updateContact(stored.id, { ...toInput(stored), department: "Salg" }),
      );
    },
    exit: ExitCode.partialFailure,
  },
  {
    status: 413,
    case: "a contact over 64 KiB: that contact's failed write",
    run: (w) => writing(w, [user({ displayName: "x".repeat(70_000) })], [], "replan"),
    exit: ExitCode.partialFailure,
  },
  {
    status: 429,
    case: "MBN's rate limit, past the retries",
    run: (w) => faulty(w, { rateLimit: { requestsPerSecond: 0.001, burst: 0 } }),
    exit: ExitCode.unavailable,
  },
  {
    status: 503,
    case: "MBN (or a proxy before it) failing, past the retries",
    run: (w) => faulty(w, { error503Rate: 1 }),
    exit: ExitCode.unavailable,
  },
];

describe("every MBN status of the contract ends the run with its documented exit code", () => {
  it("covers each status the contract lists (5xx as 503: 500, 502 and 504 take the same path)", () => {
    expect([...new Set(ROWS.map((r) => r.status))]).toEqual([
      400, 401, 403, 404, 409, 410, 412, 413, 429, 503,
    ]);
  });

  it.each(ROWS)("$status: $case → exit $exit", async (row) => {
    const w = await world();
    let message = "";
    const exit = await ending(() =>
      row.run(w).catch((error: unknown) => {
        message = error instanceof Error ? error.message : String(error);
        throw error;
      }),
    );
    // The simulator really answered this status: the row is not passing by some other path.
    expect(w.sim.stats().byStatus[row.status] ?? 0, "answers of this status").toBeGreaterThan(0);
    expect(exit).toBe(row.exit);
    if (row.says) expect(message).toContain(row.says);
    if (row.exit !== ExitCode.internal) expect(message).not.toContain("internal error");
  });
});
