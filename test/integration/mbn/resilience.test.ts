import { afterAll, describe, expect, it } from "vitest";
import { toInput } from "../../../src/model/contact.js";
import { MbnApiError, isConflict } from "../../../src/mbn/index.js";
import type { MbnEvent } from "../../../src/mbn/index.js";
import { startSimulator } from "../../../src/simulator/index.js";
import type { RunningSimulator, SimulatorOptions } from "../../../src/simulator/index.js";
import { person } from "../../helpers/person.js";
import { FakeClock } from "../../helpers/fake-clock.js";
import { realClock } from "../../../src/mbn/clock.js";
import { waitUntil } from "../../helpers/cli.js";
import { SIM_AUTH, client, closeClients, json, scriptedServer } from "./helpers.js";

const closers: (() => Promise<void>)[] = [];
async function sim(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const s = await startSimulator({ ...SIM_AUTH, ...options });
  closers.push(() => s.close());
  return s;
}
async function scripted(...args: Parameters<typeof scriptedServer>): ReturnType<typeof scriptedServer> {
  const s = await scriptedServer(...args);
  closers.push(() => s.close());
  return s;
}

afterAll(async () => {
  await closeClients();
  await Promise.all(closers.map((close) => close()));
});

const contactBody = { ...person(1), id: "c1", version: 1, modified: "2026-11-26T10:15:30.123Z" };

const retriesOf = (events: MbnEvent[]) => events.flatMap((e) => (e.type === "retry" ? [e] : []));

describe("MBN client: retries and rate", () => {
  it("retries through 503s with HTML bodies until every call succeeds", async () => {
    const s = await sim({ faults: { error503Rate: 0.2, seed: 42 } });
    const events: MbnEvent[] = [];
    const c = client(s.url, { onEvent: (e) => events.push(e), random: () => 0.1 });
    const created = await Promise.all(Array.from({ length: 30 }, (_, i) => c.createContact(person(i))));
    const read = await Promise.all(created.map((x) => c.getContact(x.id)));
    expect(read).toEqual(created);
    expect(s.contacts()).toHaveLength(30);
    expect(s.stats().byStatus[503]).toBeGreaterThan(5);
    expect(c.stats().retries).toBe(s.stats().byStatus[503]);
    const retries = retriesOf(events);
    expect(retries.some((e) => e.reason === "503")).toBe(true);
    // Full jitter: random() × 250 ms × 2^(attempt - 1).
    for (const e of retries) expect(e.delayMs).toBe(Math.floor(0.1 * 250 * 2 ** (e.attempt - 1)));
  });

  // The client does not recover a lost create itself: it surfaces the 409 and its existingId, from
  // which the writer (src/write/mbn-writer.ts) reads the stored contact and decides it is ours.
  it("a POST whose answer was lost surfaces the retry's 409 with the existing id", async () => {
    const s = await sim({ faults: { lostPostRate: 1 } });
    const events: MbnEvent[] = [];
    const c = client(s.url, { random: () => 0.1, onEvent: (e) => events.push(e) });
    const err = await c.createContact(person(1)).catch((e: unknown) => e);
    expect(isConflict(err)).toBe(true);
    const stored = s.contacts("E1001");
    expect(stored).toHaveLength(1);
    expect((err as MbnApiError).existingId).toBe(stored[0]!.id);
    expect(toInput(stored[0]!)).toEqual(person(1));
    expect(s.stats().byStatus[0]).toBe(1);
    expect(s.stats().byStatus[409]).toBe(1);
    expect(s.stats().byRoute["POST /contacts"]).toBe(2);
    expect(retriesOf(events)).toHaveLength(1);
  });

  it("of many creates, exactly those whose answer was lost end in a 409 naming the stored contact", async () => {
    const s = await sim({ faults: { lostPostRate: 0.5, seed: 3 } });
    const c = client(s.url, { random: () => 0.1 });
    const settled = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => c.createContact(person(i))),
    );
    const conflicts = settled.flatMap((r) => (r.status === "rejected" ? [r.reason as MbnApiError] : []));
    expect(conflicts.length).toBeGreaterThan(0);
    expect(conflicts.every((e) => isConflict(e))).toBe(true);
    expect(conflicts).toHaveLength(s.stats().byStatus[0] ?? 0);
    expect(s.stats().byStatus[409]).toBe(conflicts.length);
    const created = settled.flatMap((r) => (r.status === "fulfilled" ? [r.value.id] : []));
    expect([...created, ...conflicts.map((e) => e.existingId)].sort()).toEqual(
      s
        .contacts()
        .map((x) => x.id)
        .sort(),
    );
  });

  it("on 429 waits the Retry-After and halves its rate", async () => {
    const clock = new FakeClock();
    const s = await sim({ now: clock.date, faults: { rateLimit: { requestsPerSecond: 4, burst: 2 } } });
    const events: MbnEvent[] = [];
    const c = client(s.url, {
      clock,
      enterpriseId: "E1001",
      requestsPerSecond: 50,
      onEvent: (e) => events.push(e),
    });
    const got = await Promise.all(Array.from({ length: 4 }, () => c.getContact("none")));
    expect(got).toEqual([null, null, null, null]);
    expect(c.stats().status429).toBeGreaterThan(0);
    expect(c.stats().status429).toBe(s.stats().byStatus[429]);
    const retries = retriesOf(events).filter((e) => e.reason === "429");
    expect(retries).toHaveLength(c.stats().status429);
    expect(retries.every((e) => e.delayMs === 1000)).toBe(true);
    // Each Retry-After was waited for: the rate's own slots are 20 ms apart or more, never 1 s.
    expect(clock.sleeps.filter((ms) => ms === 1000)).toHaveLength(retries.length);
    expect(events.find((e) => e.type === "rate")).toEqual({
      type: "rate",
      requestsPerSecond: 25,
      reason: "throttled",
    });
  });

  it("after a 429 the rate climbs back by 10 % per second of successes", async () => {
    let n = 0;
    const server = await scripted((_req, res) => {
      if (++n === 1)
        json(res, 429, { code: 42902, message: "Spike arrest violation" }, { "retry-after": "0" });
      else json(res, 200, contactBody);
    });
    const clock = new FakeClock();
    const rates: number[] = [];
    const c = client(server.url, {
      clock,
      enterpriseId: "E1",
      requestsPerSecond: 20,
      onEvent: (e) => {
        if (e.type === "rate") rates.push(e.requestsPerSecond);
      },
    });
    const until = clock.now() + 1300;
    while (clock.now() < until) await c.getContact("c1");
    expect(rates[0]).toBe(10);
    expect(rates[1]).toBeCloseTo(11);
    expect(rates).toHaveLength(2);
    // Slots 100 ms apart at 10/s, then about 91 ms at 11/s.
    expect(clock.sleeps).toContain(100);
    expect(clock.sleeps.at(-1)).toBeCloseTo(1000 / 11);
  });

  it("keeps under requestsPerSecond across concurrent calls", async () => {
    const s = await sim();
    const clock = new FakeClock();
    const c = client(s.url, { clock, enterpriseId: "E1001", requestsPerSecond: 20, concurrency: 8 });
    await c.getContact("warm-up"); // token + one request
    const before = clock.wakes.length;
    await Promise.all(Array.from({ length: 20 }, () => c.getContact("none")));
    // Each of the 20 requests waited for a slot of its own, the slots 1/20 s apart.
    const slots = clock.wakes.slice(before).sort((a, b) => a - b);
    expect(slots).toHaveLength(20);
    expect(slots.slice(1).map((at, i) => at - slots[i]!)).toEqual(Array<number>(19).fill(50));
    expect(s.stats().byRoute["GET /contacts/:id"]).toBe(21);
  });

  it("retries an empty 502, a Retry-After given as an HTTP date, and a connection reset mid-body", async () => {
    const clock = new FakeClock();
    let n = 0;
    let retryAt = "";
    let answeredAt = 0;
    const server = await scripted((_req, res) => {
      n++;
      if (n === 1) {
        res.writeHead(502);
        res.end();
      } else if (n === 2) {
        answeredAt = clock.now();
        retryAt = new Date(answeredAt + 2000).toUTCString();
        res.writeHead(503, {
          "retry-after": retryAt,
          "content-type": "text/html",
        });
        res.end("<html><body>busy</body></html>");
      } else if (n === 3) {
        res.writeHead(200, { "content-type": "application/json", "content-length": "5000" });
        res.write('{"id": "c1", "externalId": ');
        setTimeout(() => res.socket?.destroy(), 20);
      } else {
        json(res, 200, contactBody);
      }
    });
    const events: MbnEvent[] = [];
    const c = client(server.url, {
      clock,
      enterpriseId: "E1",
      random: () => 0,
      onEvent: (e) => events.push(e),
    });
    expect(await c.getContact("c1")).toEqual(contactBody);
    expect(server.hits).toHaveLength(4);
    const retries = retriesOf(events);
    expect(retries.map((e) => e.reason)).toEqual(["502", "503", "UND_ERR_SOCKET"]);
    // The date has whole seconds: the wait is up to it from the client's now, 1 to 2 s.
    const dateWait = retries[1]!.delayMs;
    expect(dateWait).toBe(Date.parse(retryAt) - answeredAt);
    expect(dateWait).toBeGreaterThan(1000);
    expect(dateWait).toBeLessThanOrEqual(2000);
    expect(clock.sleeps).toContain(dateWait);
  });

  it("gives up after maxAttempts with a typed error that describes a non-JSON body", async () => {
    const server = await scripted((_req, res) => {
      res.writeHead(503, { "content-type": "text/html" });
      res.end("<html><body><h1>Service Unavailable</h1></body></html>");
    });
    const c = client(server.url, { enterpriseId: "E1", random: () => 0, maxAttempts: 3 });
    const err = await c.getContact("c1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MbnApiError);
    const e = err as MbnApiError;
    expect(e.status).toBe(503);
    expect(e.code).toBeUndefined();
    expect(e.message).toContain("Service Unavailable");
    expect(server.hits).toHaveLength(3);
  });

  it("times out a silent server and retries", async () => {
    let n = 0;
    const server = await scripted((_req, res) => {
      if (++n === 1) return; // never answers
      json(res, 200, contactBody);
    });
    const c = client(server.url, { enterpriseId: "E1", random: () => 0, timeoutMs: 200 });
    expect((await c.getContact("c1"))?.id).toBe("c1");
    expect(c.stats().retries).toBe(1);
  });

  it("a malformed answer is MbnApiError naming the field", async () => {
    const server = await scripted((req, res) => {
      if (req.url?.includes("userInfo")) json(res, 200, { username: "u", groupId: "g", role: "r" });
      else json(res, 200, { contacts: [{ ...contactBody, version: "one" }], nextCursor: null });
    });
    const c = client(server.url);
    const info = await c.userInfo().catch((e: unknown) => e);
    expect(info).toBeInstanceOf(MbnApiError);
    expect((info as Error).message).toContain('"enterpriseId"');
    const list = await client(server.url, { enterpriseId: "E1" })
      .listContacts()
      .catch((e: unknown) => e);
    expect((list as Error).message).toContain('"contacts.0.version"');
  });
});

describe("MBN client: sign-in and close", () => {
  it("signIn gets a token and the enterprise once, and the calls after use them", async () => {
    const s = await sim();
    const c = client(s.url);
    expect(await c.signIn()).toBe("E1001");
    expect(await c.enterpriseId()).toBe("E1001");
    await c.listContacts();
    expect(c.stats().tokenFetches).toBe(1);
    const routes = s.stats().byRoute;
    expect(routes["POST /oauth/v2/token"]).toBe(1);
    expect(routes["GET /catalog/userInfo"]).toBe(1);
    expect(s.stats().requests).toBe(3);
  });

  // A run signs in while it reads the directory; when the read fails, closing the client must end the
  // sign-in, not leave it retrying (and the process waiting) for the two minutes of its retry budget.
  it("close ends a sign-in waiting out a backoff (Retry-After: 60 on the real clock)", async () => {
    const server = await scripted((_req, res) => {
      json(res, 503, { code: 50300, message: "down" }, { "retry-after": "60" });
    });
    const events: MbnEvent[] = [];
    const c = client(server.url, { clock: realClock, onEvent: (e) => events.push(e) });
    const signedIn = c.signIn().catch((e: unknown) => e);
    await waitUntil("the first retry", () => retriesOf(events).length > 0);
    expect(retriesOf(events)[0]?.delayMs).toBe(60_000);
    await c.close();
    expect(String(await signedIn)).toContain("the MBN client was closed");
    expect(server.hits).toEqual(["GET /catalog/userInfo"]);
  });

  it("close ends a request MBN has not answered", async () => {
    const server = await scripted(() => {
      // Never answered.
    });
    const c = client(server.url, { clock: realClock });
    const signedIn = c.signIn().catch((e: unknown) => e);
    await waitUntil("the request", () => server.hits.length > 0);
    await c.close();
    expect(String(await signedIn)).toContain("the MBN client was closed");
  });
});
