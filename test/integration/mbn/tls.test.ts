import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:https";
import type { Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, UnavailableError } from "../../../src/model/errors.js";
import { createMbnClient } from "../../../src/mbn/index.js";
import { client, closeClients } from "./helpers.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";

let dir: string;
let server: Server;
let url: string;

beforeAll(async () => {
  dir = await tempDir("mbn-tls-");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"].concat([
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "ca.pem"),
    ]),
    { stdio: "ignore" },
  );
  server = createServer(
    { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "ca.pem")) },
    (req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        req.url === "/oauth/v2/token"
          ? JSON.stringify({ access_token: "t", expires_in: 3599 })
          : JSON.stringify({ username: "api-user-1", enterpriseId: "E1", groupId: "G1", role: "API_USER" }),
      );
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await closeClients();
  server.closeAllConnections();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  await removeTempDirs();
});

describe("MBN client: TLS", () => {
  it("refuses an untrusted certificate at once, naming the URL and mbn.caFile", async () => {
    const c = client(url);
    const err = await c.userInfo().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as Error).message).toContain(`${url}/oauth/v2/token`);
    expect((err as Error).message).toContain("mbn.caFile");
    expect(c.stats()).toMatchObject({ requests: 1, retries: 0 });
  });

  it("trusts the server through caFile, added to the default roots", async () => {
    const c = client(url, { caFile: join(dir, "ca.pem") });
    expect((await c.userInfo()).enterpriseId).toBe("E1");
  });

  it("an unreadable caFile is a ConfigError on mbn.caFile", () => {
    expect(() =>
      createMbnClient({
        baseUrl: url,
        clientId: "c",
        clientSecret: "s",
        username: "u",
        password: "p",
        caFile: join(dir, "missing.pem"),
      }),
    ).toThrow(ConfigError);
  });
});
