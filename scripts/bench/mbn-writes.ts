import { createMbnClient } from "../../src/mbn/index.js";
import { emptyContactInput, type ContactInput } from "../../src/model/contact.js";
import { startSimulator } from "../../src/simulator/index.js";
import { measure } from "./measure.js";
import { count, ms, type BenchRow } from "./table.js";

export interface WritesSetup {
  writes: number;
  latencyMs: number;
  requestsPerSecond: number;
  concurrency: number;
}

function contact(i: number): ContactInput {
  const n = String(i).padStart(6, "0");
  return {
    ...emptyContactInput(),
    externalId: `ad:bench-${n}`,
    firstName: "Kari",
    lastName: `Nordmann${n}`,
    displayName: `Kari Nordmann ${n}`,
    email: `user${n}@corp.example`,
    phoneNumbers: [{ type: "mobile", number: `+479${n.slice(0, 7).padEnd(7, "0")}` }],
  };
}

/**
 * Creates `writes` contacts through the client against the simulator (same process) with latency
 * added to every answer; the goal is the configured rate, not the latency, as the bound.
 */
export async function benchWrites(setup: WritesSetup): Promise<BenchRow> {
  const sim = await startSimulator({ port: 0, faults: { latencyMs: setup.latencyMs } });
  const client = createMbnClient({
    baseUrl: sim.url,
    clientId: "demo-client",
    clientSecret: "demo-secret",
    username: "api-user-1",
    password: "demo-password",
    requestsPerSecond: setup.requestsPerSecond,
    concurrency: setup.concurrency,
  });
  try {
    await client.enterpriseId(); // token and userInfo out of the way
    const before = client.stats().requests;
    const run = await measure(() =>
      Promise.all(Array.from({ length: setup.writes }, (_, i) => client.createContact(contact(i)))),
    );
    const requests = client.stats().requests - before;
    const rate = requests / (run.wallMs / 1000);
    const stored = sim.contacts().length;
    return {
      measure:
        `MBN writes: ${count(setup.writes)} creates, latency ${setup.latencyMs} ms, ` +
        `${setup.requestsPerSecond}/s, concurrency ${setup.concurrency}`,
      value: `${rate.toFixed(1)} req/s`,
      note:
        `goal >= 90 ${rate >= 90 ? "met" : "MISSED"}; ${(rate / setup.requestsPerSecond).toFixed(2)}x the configured rate; ` +
        `${count(requests)} requests in ${ms(run.wallMs)}; ${count(stored)} stored`,
    };
  } finally {
    await client.close();
    await sim.close();
  }
}
