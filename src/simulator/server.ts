import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { Contact, ContactInput } from "../model/contact.js";
import { UsageError } from "../model/errors.js";
import type { App, Reply } from "./app.js";
import { Authority } from "./auth.js";
import { FaultInjector } from "./faults.js";
import { ApiError, sendJson } from "./http.js";
import type { RunningSimulator, SimulatorOptions } from "./options.js";
import { resolveOptions } from "./options.js";
import { DataFileWriter, readDataFile } from "./persistence.js";
import { matchRoute } from "./routes.js";
import { StatsCounter } from "./stats.js";
import { ContactStore } from "./store.js";
import { parseContactInput } from "./validate.js";

const HTML_503 = "<html><body><h1>503 Service Unavailable</h1></body></html>";

function errorReply(error: unknown): Reply {
  if (error instanceof ApiError) return { status: error.status, body: error.body(), headers: error.headers };
  return { status: 500, body: { code: 50001, message: "Internal server error" } };
}

/** Starts the MBN Catalog simulator; resolves once it listens. */
export async function startSimulator(options?: SimulatorOptions): Promise<RunningSimulator> {
  const resolved = resolveOptions(options);
  const nowMs = () => resolved.now().getTime();
  let writer: DataFileWriter | undefined;
  const store = new ContactStore(resolved.now, () => writer?.schedule());
  if (resolved.dataFile !== undefined) {
    const snapshot = await readDataFile(resolved.dataFile);
    if (snapshot) store.load(snapshot);
    writer = new DataFileWriter(resolved.dataFile, () => store.snapshot());
  }
  const faults = new FaultInjector(resolved.faults);
  const app: App = {
    options: resolved,
    store,
    authority: new Authority(resolved.clients, resolved.users, resolved.tokenLifetimeSeconds, nowMs),
    faults,
  };
  const stats = new StatsCounter();

  function send(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
    stats.status("lost" in reply ? 0 : reply.status);
    if ("lost" in reply) {
      req.socket.destroy();
    } else if (reply.status === 204 || reply.body === undefined) {
      res.writeHead(reply.status, reply.headers);
      res.end();
    } else {
      sendJson(res, reply.status, reply.body, reply.headers);
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://simulator.invalid");
    const method = req.method ?? "GET";
    const matched = matchRoute(method, url.pathname);
    stats.request(matched?.route.key ?? "unknown");
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    if (faults.answer503()) {
      stats.status(503);
      res.writeHead(503, {
        "content-type": "text/html; charset=utf-8",
        "content-length": Buffer.byteLength(HTML_503),
      });
      res.end(HTML_503);
      return;
    }
    const authorization = req.headers.authorization;
    const clientKey =
      app.authority.claimedSession(authorization)?.clientId ??
      app.authority.basicClient(authorization)?.clientId ??
      "anonymous";
    const limited = faults.rateLimit(clientKey, nowMs());
    if (limited) {
      send(req, res, errorReply(limited));
      return;
    }
    if (!matched) {
      send(req, res, errorReply(new ApiError(404, 40400, `No route for ${method} ${url.pathname}`)));
      return;
    }
    let reply: Reply;
    try {
      reply = await matched.route.handle(app, { req, url, params: matched.params });
    } catch (error) {
      reply = errorReply(error);
    }
    send(req, res, reply);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      // Only a failure to write the answer gets here; the connection is the one thing left to clean up.
      req.socket.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        new UsageError(
          `The simulator cannot listen on ${resolved.host}:${resolved.port} (${error.code ?? error.message}); choose another host or port`,
          { cause: error },
        ),
      );
    });
    server.listen(resolved.port, resolved.host, () => {
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : resolved.port;
  const host = resolved.host.includes(":") ? `[${resolved.host}]` : resolved.host;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) =>
          server.close(() => {
            resolve();
          }),
        );
        server.closeAllConnections();
        await closed;
        await writer?.close();
      })();
      return closing;
    },
    contacts(enterpriseId?: string): Contact[] {
      return structuredClone(store.all(enterpriseId));
    },
    seed(enterpriseId: string, inputs: ContactInput[]): Contact[] {
      if (!resolved.enterprises.some((e) => e.enterpriseId === enterpriseId)) {
        throw new UsageError(`Cannot seed contacts: the simulator has no enterprise ${enterpriseId}`);
      }
      return inputs.map((input, index) => {
        try {
          return structuredClone(store.create(enterpriseId, parseContactInput(input)));
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          const details = (error.body().errors as { field: string; message: string }[] | undefined) ?? [];
          const fields = details.map((e) => `${e.field} ${e.message}`).join("; ");
          throw new UsageError(
            `Cannot seed contact #${index}: ${error.message}${fields ? ` (${fields})` : ""}`,
          );
        }
      });
    },
    stats: () => stats.snapshot(),
    resetStats() {
      stats.reset();
    },
    setFaults(next) {
      faults.set(next);
    },
  };
}
