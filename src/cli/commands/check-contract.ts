import { runContractCheck, type EventSink } from "../../engine/index.js";
import type { ExitCode } from "../../model/exit-code.js";
import { contractExitCode, renderContractJson, renderContractText } from "../../report/index.js";
import type { Console } from "../console.js";

/** What `check` shows of its progress; `check --contract` uses the same. */
export interface CheckProgress {
  onEvent: EventSink;
  finish(): void;
  fail(): void;
}

/**
 * `check --contract`: MBN's answers to read-only requests against the OpenAPI document; 0 when all
 * match, 65 when one differs, 69 when MBN cannot be reached or refuses the credentials.
 */
export async function checkContract(
  console: Console,
  options: { config?: string; json?: boolean },
  progress: CheckProgress,
  setExit: (code: ExitCode) => void,
): Promise<void> {
  let report;
  try {
    report = await runContractCheck({
      ...(options.config ? { configPath: options.config } : {}),
      onEvent: progress.onEvent,
    });
  } catch (error) {
    progress.fail();
    throw error;
  }
  progress.finish();
  console.out(options.json ? renderContractJson(report) : renderContractText(report));
  setExit(contractExitCode(report));
}
