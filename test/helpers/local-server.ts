import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface LocalServer {
  url: string;
  close(): Promise<void>;
}

/** A port nothing listens on: bind one, then let it go. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return port;
}

export type Json = Record<string, unknown>;
export interface Changed {
  status?: number;
  headers?: Record<string, string>;
  body?: Json;
}
/** How a divergent server changes the upstream's answer to one request (by path), or leaves it (undefined). */
export type Rewrite = (path: string, status: number, body: Json) => Changed | undefined;

/**
 * A server in front of `upstreamUrl` (the simulator) that changes its JSON answers as `rewrite`
 * says: the real API differing from the document.
 */
export async function divergentServer(upstreamUrl: string, rewrite: Rewrite): Promise<LocalServer> {
  const target = new URL(upstreamUrl);
  const server: Server = createServer((req, res) => {
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        let text = "";
        answer.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
        answer.on("end", () => {
          const status = answer.statusCode ?? 500;
          const path = new URL(req.url ?? "/", upstreamUrl).pathname;
          const changed = text === "" ? undefined : rewrite(path, status, JSON.parse(text) as Json);
          res.writeHead(changed?.status ?? status, {
            "content-type": answer.headers["content-type"] ?? "application/json",
            ...changed?.headers,
          });
          res.end(changed?.body === undefined ? text : JSON.stringify(changed.body));
        });
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) =>
        server.close(() => {
          done();
        }),
      ),
  };
}
