import { loadConfig, type LoadConfigOptions } from "../config/index.js";
import { probeContract } from "../mbn/index.js";
import type { ContractReport } from "../report/index.js";
import { mbnConnection } from "./client-factory.js";
import { ignoreEvents, type EventSink } from "./events.js";

export interface ContractCheckOptions extends LoadConfigOptions {
  onEvent?: EventSink;
}

/**
 * `check --contract`: MBN's answers to read-only requests, checked against the OpenAPI document the
 * tool was built on. Only the `mbn` section of the configuration is used; nothing is written.
 */
export async function runContractCheck(options: ContractCheckOptions = {}): Promise<ContractReport> {
  const onEvent = options.onEvent ?? ignoreEvents;
  onEvent({ type: "stage", stage: "config", message: "Loading the configuration" });
  const { mbn } = (await loadConfig(options)).config;
  onEvent({ type: "stage", stage: "mbn", message: `Checking ${mbn.baseUrl} against the contract` });
  const probe = await probeContract({
    ...mbnConnection(mbn),
    // A check gives up sooner than a sync when MBN does not answer.
    maxAttempts: 3,
    maxRetryTimeMs: 20_000,
    onEvent: (e) => {
      onEvent({ type: "log", level: "debug", message: JSON.stringify(e) });
    },
  });
  return { version: 1, ...probe };
}
