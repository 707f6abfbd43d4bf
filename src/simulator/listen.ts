import type { Server } from "node:http";
import { UsageError } from "../model/errors.js";

/** Listens on host:port (0: any free port) and resolves with the server's URL. */
export async function listen(server: Server, host: string, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        new UsageError(
          `The simulator cannot listen on ${host}:${port} (${error.code ?? error.message}); choose another host or port`,
          { cause: error },
        ),
      );
    });
    server.listen(port, host, () => {
      resolve();
    });
  });
  const address = server.address();
  const bound = typeof address === "object" && address !== null ? address.port : port;
  return `http://${host.includes(":") ? `[${host}]` : host}:${bound}`;
}

/** Stops listening and drops open connections (keep-alive ones would hold close() up). */
export async function stopListening(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  server.closeAllConnections();
  await closed;
}
