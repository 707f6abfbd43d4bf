import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { emptyContactInput } from "../../../src/model/contact.js";
import { probeContract, type ContractProbe, type ProbeStep } from "../../../src/mbn/index.js";
import { startSimulator, type RunningSimulator } from "../../../src/simulator/index.js";
import { FakeClock } from "../../helpers/fake-clock.js";
import {
  divergentServer,
  freePort,
  type Changed,
  type Json,
  type LocalServer,
  type Rewrite,
} from "../../helpers/local-server.js";
import { CLIENT_SECRET, CREDENTIALS, PASSWORD, SIM_AUTH } from "./helpers.js";

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, ...SIM_AUTH });
  sim.seed(
    "E1001",
    ["Kari", "Ola", "Per"].map((firstName, i) => ({
      ...emptyContactInput(),
      externalId: `ad:probe-${i}`,
      firstName,
      lastName: "Nordmann",
      displayName: `${firstName} Nordmann`,
      phoneNumbers: [{ type: "mobile" as const, number: `+4791234${500 + i}` }],
    })),
  );
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.resetStats();
});

function probe(baseUrl: string, extra: { clientSecret?: string } = {}): Promise<ContractProbe> {
  return probeContract({
    baseUrl,
    clientId: CREDENTIALS.clientId,
    clientSecret: CLIENT_SECRET,
    username: CREDENTIALS.username,
    password: PASSWORD,
    requestsPerSecond: 1000,
    random: () => 0.2,
    clock: new FakeClock(),
    ...extra,
  });
}

const byPurpose = (result: ContractProbe, words: string): ProbeStep => {
  const step = result.steps.find((s) => s.purpose.includes(words));
  if (!step) throw new Error(`no step "${words}" in ${result.steps.map((s) => s.purpose).join(", ")}`);
  return step;
};

describe("check --contract's probe against the simulator", () => {
  it("finds every answer as documented, and writes nothing", async () => {
    const result = await probe(sim.url);
    expect(result.steps.map((s) => [s.operation, s.status, s.outcome, s.differences])).toEqual([
      ["POST /oauth/v2/token (getToken)", 200, "match", []],
      ["GET /catalog/userInfo (getUserInfo)", 401, "match", []],
      ["GET /catalog/userInfo (getUserInfo)", 200, "match", []],
      ["GET /catalog/groups/{groupId}/enterprise (getEnterpriseOfGroup)", 200, "match", []],
      ["GET /catalog/enterprises/{enterpriseId}/contacts (listContacts)", 200, "match", []],
      ["GET /catalog/enterprises/{enterpriseId}/contacts/changes (listChanges)", 200, "match", []],
      ["GET /catalog/enterprises/{enterpriseId}/contacts/{contactId} (getContact)", 404, "match", []],
    ]);
    expect(byPurpose(result, "page of contacts").detail).toBe("answered 200, 3 contacts on the page");
    expect(result.document).toContain("MBN Partner Catalog API");
    expect(result.tokenUrl).toBe(`${sim.url}/oauth/v2/token`);

    // Read-only: one token, and GETs only (the simulator counts requests by route).
    const routes = sim.stats().byRoute;
    expect(routes).toEqual({
      "POST /oauth/v2/token": 1,
      "GET /catalog/userInfo": 2,
      "GET /catalog/groups/:groupId/enterprise": 1,
      "GET /contacts": 1,
      "GET /contacts/changes": 1,
      "GET /contacts/:id": 1,
    });
    expect(sim.contacts("E1001")).toHaveLength(3);
  });

  it("reports refused credentials as unavailable, and probes nothing that needs a token", async () => {
    const result = await probe(sim.url, { clientSecret: "wrong" });
    const [token, ...rest] = result.steps;
    expect(token).toMatchObject({ status: 401, outcome: "unavailable", differences: [] });
    expect(token?.detail).toMatch(/^MBN refused the request: 401 code 40108/);
    expect(JSON.stringify(result)).not.toContain("wrong");
    expect(rest.map((s) => s.outcome)).toEqual(Array(6).fill("not-probed"));
  });

  it("reports an MBN it cannot reach as unavailable", async () => {
    const result = await probe(`http://127.0.0.1:${await freePort()}`);
    expect(result.steps[0]).toMatchObject({ outcome: "unavailable" });
    expect(result.steps[0]?.detail).toMatch(
      /Cannot reach MBN at http:\/\/127\.0\.0\.1:\d+\/oauth\/v2\/token \(ECONNREFUSED\)/,
    );
    expect(result.steps.slice(1).every((s) => s.outcome === "not-probed")).toBe(true);
  });
});

/** The simulator behind a server that changes its answers as `rewrite` says. */
const divergent = (rewrite: Rewrite): Promise<LocalServer> => divergentServer(sim.url, rewrite);

describe("check --contract's probe against a server that differs from the document", () => {
  it("names each difference by operation and field", async () => {
    const server = await divergent((path, status, body): Changed | undefined => {
      if (path.endsWith("/contacts/changes")) {
        const changes = (body.changes as Json[]).map(({ modified, ...rest }) => ({
          ...rest,
          lastModified: modified,
        }));
        return { body: { ...body, changes } };
      }
      if (path.endsWith("/contacts")) return { body: { contacts: body.contacts } }; // no nextCursor
      if (status === 404) return { body: { ...body, code: 40400 } };
      if (status === 401) return { body: { message: body.message } }; // an error body without "code"
      if (path === "/catalog/userInfo") return { body: { ...body, groupId: 2001 } };
      return undefined;
    });
    try {
      const result = await probe(server.url);
      const differences = Object.fromEntries(
        result.steps
          .filter((s) => s.outcome !== "match")
          .map((s) => [s.purpose, [s.operation, s.outcome, s.differences]]),
      );
      expect(differences).toEqual({
        "userInfo with a token MBN never issued": [
          "GET /catalog/userInfo (getUserInfo)",
          "differs",
          ['the body lacks "code"'],
        ],
        "the API user": [
          "GET /catalog/userInfo (getUserInfo)",
          "differs",
          ["groupId is number 2001, documented string"],
        ],
        "the API user's enterprise": [
          "GET /catalog/groups/{groupId}/enterprise (getEnterpriseOfGroup)",
          "not-probed",
          [],
        ],
        "one page of contacts": [
          "GET /catalog/enterprises/{enterpriseId}/contacts (listContacts)",
          "differs",
          ['the body lacks "nextCursor"'],
        ],
        "one page of the changes of the last day": [
          "GET /catalog/enterprises/{enterpriseId}/contacts/changes (listChanges)",
          "differs",
          ['changes[0] lacks "modified" (and 2 more like it)'],
        ],
        "a contact id that does not exist": [
          "GET /catalog/enterprises/{enterpriseId}/contacts/{contactId} (getContact)",
          "differs",
          ["error code is 40400, the contract's is 40401"],
        ],
      });
      expect(byPurpose(result, "enterprise").detail).toBe("not probed: needs the groupId of userInfo");
    } finally {
      await server.close();
    }
  });

  it("names an undocumented status, a content type and a header that break the document", async () => {
    const server = await divergent((path, status): Changed | undefined => {
      if (status === 404) return { status: 410 };
      if (status === 200 && path === "/catalog/userInfo")
        return { headers: { "content-type": "text/plain" } };
      if (path.endsWith("/contacts/changes")) {
        const body = { code: 42902, message: "Spike arrest violation" };
        return { status: 429, headers: { "retry-after": "soon" }, body };
      }
      return undefined;
    });
    try {
      const result = await probe(server.url);
      expect(byPurpose(result, "the API user")).toMatchObject({
        outcome: "differs",
        differences: ['header Content-Type is "text/plain", documented application/json'],
      });
      expect(byPurpose(result, "does not exist")).toMatchObject({
        status: 410,
        outcome: "differs",
        differences: [
          "answered 410 where the document has 404 for this request",
          "status 410 is not documented (documented: 200, 401, 403, 404, 429, 500, 502, 503, 504)",
        ],
      });
      // A 429 past the retries tells nothing of the contract, but its header is still checked.
      expect(byPurpose(result, "changes")).toMatchObject({
        status: 429,
        outcome: "unavailable",
        detail: "MBN kept failing: 429 code 42902, Spike arrest violation",
        differences: ['header Retry-After is "soon", documented integer'],
      });
    } finally {
      await server.close();
    }
  });
});
