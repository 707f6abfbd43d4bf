import { afterAll, describe, expect, it } from "vitest";
import { MbnApiError } from "../../../src/mbn/index.js";
import type { MbnEvent } from "../../../src/mbn/index.js";
import { startSimulator } from "../../../src/simulator/index.js";
import type { RunningSimulator, SimulatorOptions } from "../../../src/simulator/index.js";
import { person } from "../../helpers/person.js";
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
    expect(events.some((e) => e.type === "retry" && e.reason === "503")).toBe(true);
  });

  it("a POST whose answer was lost is recognised through the 409 on the retry", async () => {
    const s = await sim({ faults: { lostPostRate: 0.5, seed: 3 } });
    const c = client(s.url, { random: () => 0.1 });
    const created = await Promise.all(Array.from({ length: 10 }, (_, i) => c.createContact(person(i))));
    expect(s.stats().byStatus[0]).toBeGreaterThan(0);
    expect(s.stats().byStatus[409]).toBe(s.stats().byStatus[0]);
    expect(created.map((x) => x.externalId).sort()).toEqual(
      s
        .contacts()
        .map((x) => x.externalId)
        .sort(),
    );
  });

  it("on 429 waits the Retry-After and halves its rate", async () => {
    const s = await sim({ faults: { rateLimit: { requestsPerSecond: 4, burst: 2 } } });
    const events: MbnEvent[] = [];
    const c = client(s.url, { enterpriseId: "E1001", requestsPerSecond: 50, onEvent: (e) => events.push(e) });
    const t0 = Date.now();
    const got = await Promise.all(Array.from({ length: 4 }, () => c.getContact("none")));
    expect(got).toEqual([null, null, null, null]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(c.stats().status429).toBeGreaterThan(0);
    expect(c.stats().status429).toBe(s.stats().byStatus[429]);
    const retries = events.filter((e) => e.type === "retry" && e.reason === "429");
    expect(retries.length).toBeGreaterThan(0);
    expect(retries.every((e) => e.type === "retry" && e.delayMs === 1000)).toBe(true);
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
    const rates: number[] = [];
    const c = client(server.url, {
      enterpriseId: "E1",
      requestsPerSecond: 20,
      onEvent: (e) => {
        if (e.type === "rate") rates.push(e.requestsPerSecond);
      },
    });
    const until = Date.now() + 1300;
    while (Date.now() < until) await c.getContact("c1");
    expect(rates[0]).toBe(10);
    expect(rates[1]).toBeCloseTo(11);
  });

  it("keeps under requestsPerSecond across concurrent calls", async () => {
    const s = await sim();
    const c = client(s.url, { enterpriseId: "E1001", requestsPerSecond: 20, concurrency: 8 });
    await c.getContact("warm-up"); // token + one request
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 20 }, () => c.getContact("none")));
    const elapsed = performance.now() - t0;
    // 20 requests at 20/s after a spent bucket: the last may leave no sooner than 19 intervals later.
    expect(elapsed).toBeGreaterThanOrEqual(19 * 50 - 5);
    expect(elapsed).toBeLessThan(1600);
    expect(s.stats().byRoute["GET /contacts/:id"]).toBe(21);
  });

  it("retries an empty 502, a Retry-After given as an HTTP date, and a connection reset mid-body", async () => {
    let n = 0;
    const server = await scripted((_req, res) => {
      n++;
      if (n === 1) {
        res.writeHead(502);
        res.end();
      } else if (n === 2) {
        res.writeHead(503, {
          "retry-after": new Date(Date.now() + 2000).toUTCString(),
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
    const c = client(server.url, { enterpriseId: "E1", random: () => 0, onEvent: (e) => events.push(e) });
    expect(await c.getContact("c1")).toEqual(contactBody);
    expect(server.hits).toHaveLength(4);
    const retries = events.flatMap((e) => (e.type === "retry" ? [e] : []));
    expect(retries.map((e) => e.reason)).toEqual(["502", "503", "UND_ERR_SOCKET"]);
    const dateWait = retries[1]!.delayMs;
    expect(dateWait).toBeGreaterThan(900);
    expect(dateWait).toBeLessThanOrEqual(2000);
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
