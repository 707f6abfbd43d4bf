import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyContactInput } from "../../../src/model/contact.js";
import type { Contact } from "../../../src/model/contact.js";
import { startSimulator } from "../../../src/simulator/index.js";
import type { RunningSimulator } from "../../../src/simulator/index.js";
import { ENTERPRISE, call, getToken } from "./client.js";
import type { ChangesBody, ErrorBody } from "./client.js";

const DAY_MS = 86_400_000;
const START_MS = Date.parse("2026-11-01T08:00:00.000Z");
let clockMs = START_MS;
let sim: RunningSimulator;
let token: string;

const iso = (ms: number) => new Date(ms).toISOString();

async function changes(since: string, extra = "") {
  return call<ChangesBody & ErrorBody>(
    sim,
    token,
    "GET",
    `${ENTERPRISE}/contacts/changes?since=${encodeURIComponent(since)}${extra}`,
  );
}

async function create(displayName: string): Promise<Contact> {
  const answer = await call<Contact>(sim, token, "POST", `${ENTERPRISE}/contacts`, {
    body: { ...emptyContactInput(), displayName },
  });
  return answer.body;
}

beforeAll(async () => {
  sim = await startSimulator({ now: () => new Date(clockMs), tokenLifetimeSeconds: 365 * 86_400 });
  token = await getToken(sim);
});
afterAll(async () => {
  await sim.close();
});

describe("GET /contacts/changes", () => {
  it("lists changes after since, with tombstones, ordered by (modified, id), and serverTime", async () => {
    const since = iso(clockMs);
    clockMs += 1000;
    const a = await create("A");
    const b = await create("B");
    const c = await create("C");
    clockMs += 1000;
    expect((await call(sim, token, "DELETE", `${ENTERPRISE}/contacts/${b.id}`)).status).toBe(204);
    const put = await call<Contact>(sim, token, "PUT", `${ENTERPRISE}/contacts/${a.id}`, {
      body: { ...emptyContactInput(), displayName: "A2" },
    });

    const answer = await changes(since);
    expect(answer.status).toBe(200);
    expect(answer.body.nextCursor).toBeNull();
    expect(answer.body.serverTime).toBe(iso(Math.max(clockMs, Date.parse(put.body.modified))));
    const list = answer.body.changes;
    expect(list.map((ch) => ch.id)).toEqual([c.id, b.id, a.id]);
    // A tombstone carries exactly these three members.
    expect(list[1]).toEqual({ id: b.id, deleted: true, modified: list[1]!.modified });
    expect(list[2]).toMatchObject({ displayName: "A2", version: 2 });
    const modified = list.map((ch) => ch.modified);
    expect([...modified].sort()).toEqual(modified);

    // Only what changed after the last modified read.
    const after = await changes(list[2]!.modified);
    expect(after.body.changes).toEqual([]);
  });

  it("moves a contact changed between two page reads behind the cursor, so the same pass sees it again", async () => {
    clockMs += 60_000;
    const since = iso(clockMs);
    clockMs += 1;
    const made = [];
    for (let i = 0; i < 6; i++) made.push(await create(`Page ${i}`));

    const first = await changes(since, "&limit=3");
    expect(first.body.changes.map((ch) => ch.id)).toEqual(made.slice(0, 3).map((m) => m.id));
    expect(typeof first.body.nextCursor).toBe("string");

    // Between the pages someone edits a contact already read (made[0]) and one not yet read (made[4]).
    for (const target of [made[0]!, made[4]!]) {
      await call(sim, token, "PUT", `${ENTERPRISE}/contacts/${target.id}`, {
        body: { ...emptyContactInput(), displayName: `Edited ${target.id}` },
      });
    }

    const rest: ChangesBody["changes"] = [];
    let cursor = first.body.nextCursor;
    while (cursor !== null) {
      const page = await changes(since, `&limit=3&cursor=${encodeURIComponent(cursor)}`);
      rest.push(...page.body.changes);
      cursor = page.body.nextCursor;
    }
    expect(rest.map((ch) => ch.id)).toEqual([made[3]!.id, made[5]!.id, made[0]!.id, made[4]!.id]);
    expect(rest.at(-1)).toMatchObject({ displayName: `Edited ${made[4]!.id}` });
  });

  it("answers 400 40003 for a malformed, missing or future since", async () => {
    for (const since of ["yesterday", "2026-13-45T99:00:00Z", iso(clockMs + 60_000)]) {
      const answer = await changes(since);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe(40003);
    }
    const missing = await call(sim, token, "GET", `${ENTERPRISE}/contacts/changes`);
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe(40003);
    expect((await changes(iso(clockMs), "&limit=5000")).status).toBe(400);
  });

  it("answers 410 41001 for since older than the tombstone retention", async () => {
    clockMs = START_MS + 31 * DAY_MS;
    const tooOld = await changes(iso(START_MS));
    expect(tooOld.status).toBe(410);
    expect(tooOld.body.code).toBe(41001);

    const withinRetention = iso(clockMs - 30 * DAY_MS + 1000);
    const answer = await changes(withinRetention);
    expect(answer.status).toBe(200);
    expect(answer.body.changes).toEqual([]);
  });
});
