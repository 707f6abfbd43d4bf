import { statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startCli, waitUntil } from "../../helpers/cli.js";
import { removeTempDirs, tempDirSync } from "../../helpers/temp-dir.js";

const dir = tempDirSync("mbn-simcmd-");
afterAll(removeTempDirs);

async function token(url: string): Promise<Response> {
  return fetch(`${url}/oauth/v2/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from("demo-client:demo-secret").toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=password&username=api-user-1&password=demo-password",
  });
}

describe("mbn-ad-sync simulator", () => {
  it("serves the API on the port it prints, keeps --data, and stops on SIGTERM with exit 0", async () => {
    const data = join(dir, "mbn.json");
    const cli = startCli(["simulator", "--port", "0", "--data", data]);
    let url = "";
    await waitUntil("the simulator prints its URL", () => {
      url = /listening on (http:\/\/\S+)/.exec(cli.stdout())?.[1] ?? "";
      return url !== "";
    });
    const answer = await token(url);
    expect(answer.status).toBe(200);
    const { access_token } = (await answer.json()) as { access_token: string };
    const created = await fetch(`${url}/catalog/enterprises/E1001/contacts`, {
      method: "POST",
      headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" },
      body: JSON.stringify({ externalId: null, displayName: "Sentralbord" }),
    });
    expect(created.status).toBe(201);

    cli.child.kill("SIGTERM");
    const result = await cli.result;
    expect(result.code).toBe(0);
    expect(statSync(data).mode & 0o777).toBe(0o600);
  });

  it("refuses a bad option value with exit 64", async () => {
    const result = await startCli(["simulator", "--error-rate", "2"]).result;
    expect(result.code).toBe(64);
    expect(result.stderr).toContain("expected a number from 0 to 1");
  });
});
