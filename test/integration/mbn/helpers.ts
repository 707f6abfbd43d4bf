import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { MbnClient, MbnClientOptions } from "../../../src/mbn/index.js";
import { DEFAULT_CLIENT, DEFAULT_USER } from "../../../src/simulator/index.js";
import { demoClient } from "../../helpers/demo-client.js";
import { FakeClock } from "../../helpers/fake-clock.js";

export const CLIENT_SECRET = "s3cret-CLIENT-7Q";
export const PASSWORD = "pa55-USER-9Z";
export const CREDENTIALS = { clientId: DEFAULT_CLIENT.clientId, username: DEFAULT_USER.username } as const;
export const SIM_AUTH = {
  clients: [{ clientId: CREDENTIALS.clientId, clientSecret: CLIENT_SECRET }],
  users: [{ username: CREDENTIALS.username, password: PASSWORD, enterpriseId: "E1001", groupId: "G2001" }],
};

const open: MbnClient[] = [];

/**
 * A client with the test credentials, a fast rate and a FakeClock of its own (pass `clock` to read
 * it or share it with a simulator), so no backoff or Retry-After waits in real time; closed by
 * closeClients().
 */
export function client(baseUrl: string, extra: Partial<MbnClientOptions> = {}): MbnClient {
  const c = demoClient(baseUrl, {
    clientSecret: CLIENT_SECRET,
    password: PASSWORD,
    requestsPerSecond: 1000,
    concurrency: 8,
    random: () => 0.2,
    clock: new FakeClock(),
    ...extra,
  });
  open.push(c);
  return c;
}

export async function closeClients(): Promise<void> {
  await Promise.all(open.splice(0).map((c) => c.close()));
}

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** A tiny server for faults the simulator cannot show; the token endpoint always grants. */
export async function scriptedServer(
  handler: Handler,
): Promise<{ url: string; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      if (req.url === "/oauth/v2/token") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ access_token: "tok-1", token_type: "Bearer", expires_in: 3599 }));
        return;
      }
      hits.push(`${req.method ?? ""} ${req.url ?? ""}`);
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

export { freePort } from "../../helpers/local-server.js";
