import { afterAll, describe, expect, it } from "vitest";
import { UnavailableError } from "../../../src/model/errors.js";
import type { MbnEvent } from "../../../src/mbn/index.js";
import { startSimulator } from "../../../src/simulator/index.js";
import type { RunningSimulator, SimulatorOptions } from "../../../src/simulator/index.js";
import { person } from "../../helpers/person.js";
import {
  CLIENT_SECRET,
  PASSWORD,
  SIM_AUTH,
  client,
  closeClients,
  freePort,
  json,
  scriptedServer,
} from "./helpers.js";
import { FakeClock } from "../../helpers/fake-clock.js";

const sims: RunningSimulator[] = [];
async function sim(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const s = await startSimulator({ ...SIM_AUTH, ...options });
  sims.push(s);
  return s;
}

afterAll(async () => {
  await closeClients();
  await Promise.all(sims.map((s) => s.close()));
});

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

function expectNoSecret(err: unknown): void {
  let e: unknown = err;
  while (e instanceof Error) {
    expect(e.message).not.toContain(CLIENT_SECRET);
    expect(e.message).not.toContain(PASSWORD);
    expect(e.message).not.toContain(Buffer.from(`demo-client:${CLIENT_SECRET}`).toString("base64"));
    e = e.cause;
  }
}

describe("MBN client: authentication", () => {
  it("fetches one token, shares it between concurrent calls and reuses it", async () => {
    const s = await sim();
    const c = client(s.url);
    await Promise.all([c.userInfo(), c.userInfo(), c.userInfo(), c.userInfo()]);
    await c.userInfo();
    expect(c.stats().tokenFetches).toBe(1);
    expect(s.stats().byRoute["POST /oauth/v2/token"]).toBe(1);
    expect(s.stats().byRoute["GET /catalog/userInfo"]).toBe(5);
  });

  // Renewal comes 10 % of the lifetime early, at most a minute early.
  it.each([
    { lifetimeSeconds: 100, renewAfterMs: 90_000 },
    { lifetimeSeconds: 3599, renewAfterMs: 3_539_000 },
  ])(
    "renews a $lifetimeSeconds s token $renewAfterMs ms after fetching it",
    async ({ lifetimeSeconds, renewAfterMs }) => {
      const s = await sim({ tokenLifetimeSeconds: lifetimeSeconds });
      const clock = new FakeClock();
      const events: MbnEvent[] = [];
      const c = client(s.url, { clock, onEvent: (e) => events.push(e) });
      const fetchedAt = clock.now(); // the token's slot is free: it is fetched at once
      await c.userInfo();
      clock.advance(fetchedAt + renewAfterMs - 1 - clock.now());
      await c.userInfo();
      expect(c.stats().tokenFetches).toBe(1);
      clock.advance(1);
      await c.userInfo();
      expect(c.stats().tokenFetches).toBe(2);
      expect(s.stats().byStatus[401] ?? 0).toBe(0);
      expect(events.flatMap((e) => (e.type === "token" ? [e.reason] : []))).toEqual(["initial", "expiring"]);
    },
  );

  it("fetches a new token once when MBN says the token expired, and repeats the call", async () => {
    let clock = Date.now();
    const s = await sim({ now: () => new Date(clock) });
    const c = client(s.url);
    await c.userInfo();
    clock += 2 * 3600_000; // the server's clock moves past the token's life; the client cannot know
    const info = await c.userInfo();
    expect(info.enterpriseId).toBe("E1001");
    expect(s.stats().byStatus[401]).toBe(1);
    expect(c.stats().tokenFetches).toBe(2);
    // The call with the fresh token is a second try, not a retry with backoff.
    expect(c.stats().retries).toBe(0);
  });

  it("a bad client secret is UnavailableError (69) naming client, user and token URL, not the secret", async () => {
    const s = await sim();
    const c = client(s.url, { clientSecret: `${CLIENT_SECRET}-wrong` });
    const err = await rejection(c.userInfo());
    expect(err).toBeInstanceOf(UnavailableError);
    const e = err as UnavailableError;
    expect(e.exitCode).toBe(69);
    expect(e.message).toContain('"demo-client"');
    expect(e.message).toContain(`${s.url}/oauth/v2/token`);
    expect(e.message).toContain("mbn.clientSecret");
    expect(e.message).not.toContain(`${CLIENT_SECRET}-wrong`);
    expectNoSecret(err);
  });

  it("a bad password is UnavailableError (69) naming the API user, not the password", async () => {
    const s = await sim();
    const c = client(s.url, { password: `${PASSWORD}-wrong` });
    const e = (await rejection(c.enterpriseId())) as UnavailableError;
    expect(e).toBeInstanceOf(UnavailableError);
    expect(e.exitCode).toBe(69);
    expect(e.message).toContain('"api-user-1"');
    expect(e.message).toContain("mbn.password");
    expect(e.message).not.toContain(`${PASSWORD}-wrong`);
    expectNoSecret(e);
  });

  it("reads userInfo and caches the enterprise id", async () => {
    const s = await sim();
    const c = client(s.url);
    expect(await c.userInfo()).toEqual({
      username: "api-user-1",
      enterpriseId: "E1001",
      groupId: "G2001",
      role: "API_USER",
    });
    expect(await c.enterpriseId()).toBe("E1001");
    expect(await c.enterpriseId()).toBe("E1001");
    expect(s.stats().byRoute["GET /catalog/userInfo"]).toBe(2);
    const fixed = client(s.url, { enterpriseId: "E1001" });
    expect(await fixed.enterpriseId()).toBe("E1001");
    expect(fixed.stats().requests).toBe(0);
  });

  it("an unreachable port is UnavailableError naming the URL, after retries", async () => {
    const port = await freePort();
    const events: MbnEvent[] = [];
    const c = client(`http://127.0.0.1:${port}`, {
      maxAttempts: 3,
      random: () => 0,
      onEvent: (e) => events.push(e),
    });
    const e = (await rejection(c.userInfo())) as UnavailableError;
    expect(e).toBeInstanceOf(UnavailableError);
    expect(e.exitCode).toBe(69);
    expect(e.message).toContain(`http://127.0.0.1:${port}/oauth/v2/token`);
    expect(e.message).toContain("ECONNREFUSED");
    expect(events.filter((x) => x.type === "retry")).toHaveLength(2);
    expectNoSecret(e);
  });

  it("a token refused even after renewal is UnavailableError, and no thrown message holds a secret or token", async () => {
    const refusing = await scriptedServer((_req, res) => {
      json(res, 401, { code: 40105, message: "Invalid access token" });
    });
    try {
      const c = client(refusing.url);
      const refused = await rejection(c.userInfo());
      expect(refused).toBeInstanceOf(UnavailableError);
      expect((refused as Error).message).toContain("even after a fresh one");
      expect(refusing.hits).toHaveLength(2);
      expect(c.stats().tokenFetches).toBe(2);

      const s = await sim({ faults: {} });
      const ok = client(s.url);
      const first = await ok.createContact(person(1));
      const port = await freePort();
      const errors = [
        refused,
        await rejection(client(s.url, { clientSecret: "x" }).userInfo()),
        await rejection(client(s.url, { password: "y" }).userInfo()),
        await rejection(client(`http://127.0.0.1:${port}`, { maxAttempts: 1 }).userInfo()),
        await rejection(ok.createContact(person(1))),
        await rejection(ok.updateContact(first.id, person(1), 7)),
        await rejection(ok.createContact(person(2, { phoneNumbers: [{ type: "mobile", number: "12" }] }))),
      ];
      for (const err of errors) {
        expectNoSecret(err);
        expect((err as Error).message).not.toContain("tok-1");
        expect((err as Error).message).not.toMatch(/Bearer|Basic /);
      }
    } finally {
      await refusing.close();
    }
  });
});
