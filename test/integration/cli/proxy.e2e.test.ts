import { createServer, type IncomingMessage, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../../src/simulator/index.js";
import { runCli } from "../../helpers/cli.js";
import { simulatorEnv, writeSyncConfig } from "../../helpers/sync-config.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";

/**
 * A forward proxy on loopback that records the tunnels opened through it (undici tunnels every request,
 * http or https, with CONNECT), as a corporate proxy in front of MBN would see them.
 */
function startProxy(): Promise<{ server: Server; url: string; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((_req, res) => res.writeHead(405).end());
  server.on("connect", (req: IncomingMessage, client: Duplex, head: Buffer) => {
    seen.push(`CONNECT ${req.url ?? ""}`);
    const [host = "", port = "80"] = (req.url ?? "").split(":");
    const upstream = connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    const close = (): void => {
      upstream.destroy();
      client.destroy();
    };
    upstream.on("error", close);
    client.on("error", close);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}`, seen });
    });
  });
}

let sim: RunningSimulator;
let proxy: Awaited<ReturnType<typeof startProxy>>;
let dir: string;
let config: string;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  proxy = await startProxy();
  dir = await tempDir("mbn-proxy-");
  config = writeSyncConfig(dir, "mbn-ad-sync.yaml", { baseUrl: sim.url });
});

afterAll(async () => {
  await sim.close();
  await new Promise((resolve) => proxy.server.close(resolve));
  await removeTempDirs();
});

const proxyEnv = (noProxy: string): Record<string, string> => ({
  ...simulatorEnv,
  HTTP_PROXY: proxy.url,
  http_proxy: proxy.url,
  HTTPS_PROXY: proxy.url,
  https_proxy: proxy.url,
  NO_PROXY: noProxy,
  no_proxy: noProxy,
});

describe("MBN through a proxy", () => {
  it("sends every MBN request through HTTP(S)_PROXY", async () => {
    const result = await runCli(["sync", "--dry-run", "--config", config], { env: proxyEnv("") });
    expect(result.stderr).not.toContain("warning");
    expect(result.code).toBe(0);
    // The run reached MBN through tunnels opened by the proxy, and only to MBN.
    const target = `CONNECT ${new URL(sim.url).host}`;
    expect(proxy.seen.length).toBeGreaterThan(0);
    expect(proxy.seen.every((s) => s === target)).toBe(true);
    expect(sim.stats().requests).toBeGreaterThan(0);
  });

  it("goes direct to the hosts NO_PROXY names", async () => {
    const before = proxy.seen.length;
    const result = await runCli(["sync", "--dry-run", "--config", config], { env: proxyEnv("127.0.0.1") });
    expect(result.code).toBe(0);
    expect(proxy.seen.length).toBe(before);
  });
});
