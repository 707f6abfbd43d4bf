/** One HTTP request through the simulator: faults first (latency, 503, rate limit), then the route. */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { App, Reply } from "./app.js";
import { ApiError, sendJson } from "./http.js";
import { matchRoute } from "./routes.js";
import type { StatsCounter } from "./stats.js";

/** The error503Rate answer: HTML, as a proxy in front of MBN would send, not the API's JSON. */
const HTML_503 = "<html><body><h1>503 Service Unavailable</h1></body></html>";

function errorReply(error: unknown): Reply {
  if (error instanceof ApiError) return { status: error.status, body: error.body(), headers: error.headers };
  return { status: 500, body: { code: 50001, message: "Internal server error" } };
}

function send(req: IncomingMessage, res: ServerResponse, reply: Reply, stats: StatsCounter): void {
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

function send503(res: ServerResponse, stats: StatsCounter): void {
  stats.status(503);
  res.writeHead(503, {
    "content-type": "text/html; charset=utf-8",
    "content-length": Buffer.byteLength(HTML_503),
  });
  res.end(HTML_503);
}

/** The rate limit counts per client: the session's, else the Basic credentials', else "anonymous". */
function clientKeyOf(app: App, req: IncomingMessage): string {
  const authorization = req.headers.authorization;
  return (
    app.authority.claimedSession(authorization)?.clientId ??
    app.authority.basicClient(authorization)?.clientId ??
    "anonymous"
  );
}

async function handle(
  app: App,
  stats: StatsCounter,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { faults } = app;
  const url = new URL(req.url ?? "/", "http://simulator.invalid");
  const method = req.method ?? "GET";
  const matched = matchRoute(method, url.pathname);
  stats.request(matched?.route.key ?? "unknown");
  if (faults.latencyMs > 0) await sleep(faults.latencyMs);
  if (faults.answer503()) {
    send503(res, stats);
    return;
  }
  const limited = faults.rateLimit(clientKeyOf(app, req), app.options.now().getTime());
  if (limited) {
    send(req, res, errorReply(limited), stats);
    return;
  }
  if (!matched) {
    send(req, res, errorReply(new ApiError(404, 40400, `No route for ${method} ${url.pathname}`)), stats);
    return;
  }
  let reply: Reply;
  try {
    reply = await matched.route.handle(app, { req, url, params: matched.params });
  } catch (error) {
    reply = errorReply(error);
  }
  send(req, res, reply, stats);
}

export function requestHandler(app: App, stats: StatsCounter): RequestListener {
  return (req, res) => {
    handle(app, stats, req, res).catch(() => {
      // Only a failure to write the answer gets here; the connection is the one thing left to clean up.
      req.socket.destroy();
    });
  };
}
