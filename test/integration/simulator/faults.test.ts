import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { emptyContactInput } from "../../../src/model/contact.js";
import { startSimulator } from "../../../src/simulator/index.js";
import type { RunningSimulator } from "../../../src/simulator/index.js";
import { ENTERPRISE, call, getToken } from "./client.js";
import type { Answer } from "./client.js";

let sim: RunningSimulator;
let token: string;

beforeAll(async () => {
  sim = await startSimulator();
  token = await getToken(sim);
});
afterEach(() => {
  sim.setFaults(undefined);
  sim.resetStats();
});
afterAll(async () => {
  await sim.close();
});

describe("rate limits", () => {
  it("answers 429 42902 with Retry-After once the burst is spent", async () => {
    sim.setFaults({ rateLimit: { requestsPerSecond: 1, burst: 3 } });
    const statuses: number[] = [];
    let limited: Answer | undefined;
    for (let i = 0; i < 4; i++) {
      const answer = await call(sim, token, "GET", "/catalog/userInfo");
      statuses.push(answer.status);
      if (answer.status === 429) limited = answer;
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(limited!.body.code).toBe(42902);
    expect(limited!.headers.get("retry-after")).toBe("1");
    expect(sim.stats().byStatus[429]).toBe(1);
  });

  it("answers 429 42901 with Retry-After over the per-minute quota", async () => {
    sim.setFaults({ rateLimit: { requestsPerSecond: 100, burst: 100, perMinute: 2 } });
    await call(sim, token, "GET", "/catalog/userInfo");
    await call(sim, token, "GET", "/catalog/userInfo");
    const answer = await call(sim, token, "GET", "/catalog/userInfo");
    expect(answer.status).toBe(429);
    expect(answer.body.code).toBe(42901);
    const retryAfter = Number(answer.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });
});

describe("503 from a proxy", () => {
  async function statuses(count: number): Promise<number[]> {
    const result: number[] = [];
    for (let i = 0; i < count; i++) result.push((await call(sim, token, "GET", "/catalog/userInfo")).status);
    return result;
  }

  it("answers the configured share with an HTML 503, the same sequence for the same seed", async () => {
    sim.setFaults({ error503Rate: 0.5, seed: 42 });
    const first = await statuses(40);
    const failures = first.filter((s) => s === 503).length;
    expect(failures).toBeGreaterThan(8);
    expect(failures).toBeLessThan(32);
    expect(first.filter((s) => s !== 503).every((s) => s === 200)).toBe(true);

    sim.setFaults({ error503Rate: 0.5, seed: 42 });
    expect(await statuses(40)).toEqual(first);

    sim.setFaults({ error503Rate: 1 });
    const res = await fetch(`${sim.url}/catalog/userInfo`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await res.text()).toBe("<html><body><h1>503 Service Unavailable</h1></body></html>");
  });
});

describe("lost POST answers", () => {
  it("creates the contact, drops the connection; the retry meets 409 with existingId", async () => {
    sim.setFaults({ lostPostRate: 1 });
    const body = { ...emptyContactInput(), externalId: "ad:lost-1", displayName: "Lost Answer" };
    await expect(call(sim, token, "POST", `${ENTERPRISE}/contacts`, { body })).rejects.toThrow();
    const stored = sim.contacts("E1001").find((c) => c.externalId === "ad:lost-1");
    expect(stored).toMatchObject({ displayName: "Lost Answer", version: 1 });
    expect(sim.stats().byStatus[0]).toBe(1);
    expect(sim.stats().byRoute["POST /contacts"]).toBe(1);

    sim.setFaults(undefined);
    const retry = await call(sim, token, "POST", `${ENTERPRISE}/contacts`, { body });
    expect(retry.status).toBe(409);
    expect(retry.body.existingId).toBe(stored!.id);
  });
});

describe("latency", () => {
  it("delays every answer", async () => {
    sim.setFaults({ latencyMs: 150 });
    const started = performance.now();
    expect((await call(sim, token, "GET", "/catalog/userInfo")).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });
});

describe("stats", () => {
  it("counts requests by route and status", async () => {
    await call(sim, token, "GET", `${ENTERPRISE}/contacts`);
    await call(sim, token, "GET", `${ENTERPRISE}/contacts/c_nope`);
    const since = new Date(Date.now() - 60_000).toISOString();
    await call(sim, token, "GET", `${ENTERPRISE}/contacts/changes?since=${since}`);
    await getToken(sim);
    expect(sim.stats()).toEqual({
      requests: 4,
      byStatus: { 200: 3, 404: 1 },
      byRoute: {
        "GET /contacts": 1,
        "GET /contacts/:id": 1,
        "GET /contacts/changes": 1,
        "POST /oauth/v2/token": 1,
      },
    });
  });
});
