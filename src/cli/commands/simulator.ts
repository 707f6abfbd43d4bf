import { InvalidArgumentError, type Command } from "commander";
import { ExitCode } from "../../model/exit-code.js";
import type { Console } from "../console.js";
import { addExamples } from "../help.js";

interface SimulatorCommandOptions {
  port: number;
  host: string;
  data?: string;
  latency?: number;
  errorRate?: number;
  lostPostRate?: number;
  tokenLifetime?: number;
  rateLimit?: number;
  burst?: number;
}

function number(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < min || n > max)
      throw new InvalidArgumentError(`expected a number from ${min} to ${max}`);
    return n;
  };
}

export function registerSimulator(
  program: Command,
  console: Console,
  setExit: (code: ExitCode) => void,
): void {
  const simulator = program
    .command("simulator")
    .description("serve a local MBN Catalog API (for the demo, tests and trying a mapping) until stopped")
    .option("-p, --port <n>", "port to listen on (0: any free port)", number(0, 65535), 8080)
    .option("--host <address>", "address to listen on", "127.0.0.1")
    .option("--data <file>", "keep the contacts in this JSON file between runs")
    .option("--latency <ms>", "add this delay to every answer", number(0, 60_000))
    .option("--error-rate <share>", "answer this share of requests with 503 and an HTML body", number(0, 1))
    .option(
      "--lost-post-rate <share>",
      "create, then drop the connection, for this share of POSTs",
      number(0, 1),
    )
    .option("--token-lifetime <s>", "access token lifetime in seconds", number(1, 86_400))
    .option("--rate-limit <n>", "allowed requests per second per client (429 beyond)", number(0.1, 100_000))
    .option("--burst <n>", "burst allowed over the rate limit", number(1, 100_000))
    .action(async (options: SimulatorCommandOptions) => {
      const faults = {
        ...(options.latency !== undefined ? { latencyMs: options.latency } : {}),
        ...(options.errorRate !== undefined ? { error503Rate: options.errorRate } : {}),
        ...(options.lostPostRate !== undefined ? { lostPostRate: options.lostPostRate } : {}),
        ...(options.rateLimit !== undefined
          ? {
              rateLimit: {
                requestsPerSecond: options.rateLimit,
                burst: options.burst ?? Math.ceil(options.rateLimit),
              },
            }
          : {}),
      };
      // The simulator is loaded by its own command only, not at every start-up.
      const { startSimulator } = await import("../../simulator/index.js");
      const sim = await startSimulator({
        host: options.host,
        port: options.port,
        ...(options.data ? { dataFile: options.data } : {}),
        ...(options.tokenLifetime !== undefined ? { tokenLifetimeSeconds: options.tokenLifetime } : {}),
        faults,
      });
      // Listen for the stop signals before saying so: a supervisor that signals as soon as it reads the
      // line must find them handled.
      const stopped = new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          resolve();
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
      console.out(
        `MBN simulator listening on ${sim.url}\n` +
          `  mbn.baseUrl: ${sim.url}\n` +
          `  client id "demo-client", client secret "demo-secret", user "api-user-1", password "demo-password", enterprise E1001\n` +
          `Stop with Ctrl-C.\n`,
      );
      await stopped;
      await sim.close();
      setExit(ExitCode.ok);
    });
  addExamples(
    simulator,
    [
      ["mbn-ad-sync simulator", "an empty MBN on http://127.0.0.1:8080"],
      [
        "mbn-ad-sync simulator --data sim.json --rate-limit 10",
        "keep the contacts; answer 429 over 10 requests/s",
      ],
    ],
    [ExitCode.ok, ExitCode.internal, ExitCode.usage],
  );
}
