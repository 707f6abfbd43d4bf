import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** A local HTTP receiver of notification webhooks. */
export interface WebhookReceiver {
  port: number;
  /** Each request in the order it came: its path and its body. */
  posts: { path: string; body: string }[];
  close(): Promise<void>;
}

/** Answers 200 "ok", or 500 where the path holds "refuse" (a webhook that fails). */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const posts: WebhookReceiver["posts"] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      posts.push({ path: req.url ?? "", body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(req.url?.includes("refuse") ? 500 : 200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    posts,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}
