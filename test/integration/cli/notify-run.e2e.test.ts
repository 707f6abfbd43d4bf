import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "../../../src/simulator/index.js";
import { runCli } from "../../helpers/cli.js";
import { simulatorEnv, writeSyncConfig } from "../../helpers/sync-config.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";
import { startWebhookReceiver, type WebhookReceiver } from "../../helpers/webhook-receiver.js";

/** Notifications from the built CLI: a run that stops with an error notifies too; a channel that fails is a warning in the run's log format. */

let sim: RunningSimulator;
let receiver: WebhookReceiver;
let hookUrl: string;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  receiver = await startWebhookReceiver();
  hookUrl = `http://127.0.0.1:${receiver.port}/hook`;
});

afterAll(async () => {
  await receiver.close();
  await sim.close();
  await removeTempDirs();
});

function notifyLines(url: string, on: string): string[] {
  return ["notify:", `  on: [${on}]`, "  webhook:", `    url: ${url}`];
}

describe("notifications of a run", () => {
  it("a run that stops with an error after its configuration loaded sends one failure notification", async () => {
    const dir = await tempDir("mbn-notify-");
    const config = writeSyncConfig(dir, "mbn-ad-sync.yaml", {
      baseUrl: sim.url,
      ldif: join(dir, "missing.ldif"),
    });
    writeFileSync(
      config,
      `${readFileSync(config, "utf8")}${notifyLines(hookUrl, "failure, guard").join("\n")}\n`,
    );
    const before = receiver.posts.length;
    const result = await runCli(["sync", "--config", config], { env: simulatorEnv });
    expect(result.code, result.stderr).toBe(65);
    expect(receiver.posts.length - before).toBe(1);
    const body = JSON.parse(receiver.posts.at(-1)?.body ?? "{}") as { exitCode?: number; subject?: string };
    expect(body.exitCode).toBe(65);
    expect(body.subject).toMatch(/run failed/);
  });

  it("a channel that cannot be reached is a warning line of --log-format json, before the summary, and changes nothing", async () => {
    const dir = await tempDir("mbn-notify-");
    const config = writeSyncConfig(dir, "mbn-ad-sync.yaml", { baseUrl: sim.url });
    const unreachable = "http://127.0.0.1:9/hook";
    writeFileSync(
      config,
      `${readFileSync(config, "utf8")}${notifyLines(unreachable, "always").join("\n")}\n`,
    );
    const result = await runCli(["plan", "--log-format", "json", "--config", config], { env: simulatorEnv });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stderr
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { event: string; level: string; stage?: string; message: string });
    const warning = lines.find((l) => l.stage === "notify");
    expect(warning?.level).toBe("warning");
    expect(warning?.message).not.toContain(unreachable);
    expect(lines.at(-1)?.event).toBe("summary");
  });
});
