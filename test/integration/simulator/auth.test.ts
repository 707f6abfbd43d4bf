import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator } from "../../../src/simulator/index.js";
import type { RunningSimulator } from "../../../src/simulator/index.js";
import { ENTERPRISE, basic, call, getToken, requestToken } from "./client.js";

let clockMs = Date.parse("2026-11-26T10:00:00.000Z");
let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({
    now: () => new Date(clockMs),
    enterprises: [
      { enterpriseId: "E1001", groupId: "G2001", name: "Eksempel AS", organizationNumber: "987654321" },
      { enterpriseId: "E1002", groupId: "G2002", name: "Annet AS", organizationNumber: "912345678" },
    ],
  });
});
afterAll(async () => {
  await sim.close();
});

describe("POST /oauth/v2/token", () => {
  it("grants a bearer token for a known client and user", async () => {
    const answer = await requestToken(sim);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: "Bearer", expires_in: 3599 });
    expect(typeof answer.body.access_token).toBe("string");
  });

  it("answers 401 40108 for a wrong client secret", async () => {
    const answer = await requestToken(sim, { clientSecret: "wrong" });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({
      code: 40108,
      message: "Invalid client id or secret for basic authentication",
    });
  });

  it("answers 400 40002 for a wrong user password or unknown user", async () => {
    for (const creds of [{ password: "wrong" }, { username: "nobody" }]) {
      const answer = await requestToken(sim, creds);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe(40002);
    }
  });

  it("refuses a grant type other than password", async () => {
    const res = await fetch(`${sim.url}/oauth/v2/token`, {
      method: "POST",
      headers: { authorization: basic("demo-client", "demo-secret") },
      body: "grant_type=client_credentials",
    });
    expect(res.status).toBe(400);
  });
});

describe("bearer tokens on other calls", () => {
  it("answers 401 40102 without an Authorization header", async () => {
    const answer = await call(sim, undefined, "GET", "/catalog/userInfo");
    expect(answer.status).toBe(401);
    expect(answer.body.code).toBe(40102);
  });

  it("answers 401 40105 for an unknown token", async () => {
    const answer = await call(sim, "not-a-token", "GET", "/catalog/userInfo");
    expect(answer.status).toBe(401);
    expect(answer.body.code).toBe(40105);
  });

  it("answers 401 40106 once the token has expired, and a fresh token works", async () => {
    const token = await getToken(sim);
    expect((await call(sim, token, "GET", "/catalog/userInfo")).status).toBe(200);
    clockMs += 3599 * 1000;
    const expired = await call(sim, token, "GET", "/catalog/userInfo");
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe(40106);
    const fresh = await getToken(sim);
    expect((await call(sim, fresh, "GET", "/catalog/userInfo")).status).toBe(200);
  });
});

describe("who am I", () => {
  it("describes the API user", async () => {
    const answer = await call<unknown>(sim, await getToken(sim), "GET", "/catalog/userInfo");
    expect(answer.body).toEqual({
      username: "api-user-1",
      enterpriseId: "E1001",
      groupId: "G2001",
      role: "API_USER",
    });
  });

  it("returns the enterprise of a group, 404 40401 for an unknown group", async () => {
    const token = await getToken(sim);
    const found = await call<unknown>(sim, token, "GET", "/catalog/groups/G2001/enterprise");
    expect(found.body).toEqual({
      enterpriseId: "E1001",
      name: "Eksempel AS",
      organizationNumber: "987654321",
    });
    const missing = await call(sim, token, "GET", "/catalog/groups/G9999/enterprise");
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe(40401);
  });

  it("answers 403 40301 for an unknown or another user's enterprise", async () => {
    const token = await getToken(sim);
    for (const enterpriseId of ["E9999", "E1002"]) {
      const answer = await call(sim, token, "GET", `/catalog/enterprises/${enterpriseId}/contacts`);
      expect(answer.status).toBe(403);
      expect(answer.body.code).toBe(40301);
    }
    expect((await call(sim, token, "GET", `${ENTERPRISE}/contacts`)).status).toBe(200);
  });

  it("answers an unknown route with 404 JSON", async () => {
    const answer = await call(sim, await getToken(sim), "GET", "/catalog/nothing-here");
    expect(answer.status).toBe(404);
    expect(typeof answer.body.code).toBe("number");
    expect(typeof answer.body.message).toBe("string");
    expect(sim.stats().byRoute.unknown).toBe(1);
  });
});
