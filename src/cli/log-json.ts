import type { ExitCode } from "../model/exit-code.js";
import type { SyncReport } from "../report/index.js";
import type { StageSink } from "./progress.js";
import { closingText, failedText, liveText } from "./progress-text.js";

/** One line of `--log-format json`: what log shippers index. */
export interface LogLine {
  time: string;
  level: "debug" | "info" | "warning" | "error";
  event: "stage-start" | "progress" | "stage-end" | "stage-failed" | "message" | "summary" | "error";
  stage?: string;
  counts?: Record<string, number>;
  durationMs?: number;
  exitCode?: number;
  planHash?: string;
  message: string;
}

/** Progress lines at most this often: a log, not a film. */
export const PROGRESS_EVERY_MS = 5000;

export function logLine(line: Omit<LogLine, "time">, now: number): string {
  return JSON.stringify({ time: new Date(now).toISOString(), ...line }) + "\n";
}

/**
 * `--log-format json`: every stage start and end, progress at most every 5 s, and the messages, each one
 * JSON object on its own line. With --quiet only the messages (warnings) and the summary.
 */
export function jsonSink(write: (text: string) => void, stages: boolean): StageSink {
  let lastProgress = Number.NEGATIVE_INFINITY;
  return {
    begin: (state, now) => {
      lastProgress = now;
      if (stages)
        write(
          logLine({ level: "info", event: "stage-start", stage: state.stage, message: state.message }, now),
        );
    },
    update: (state, now) => {
      if (!stages || now - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = now;
      const counts: Record<string, number> = {};
      if (state.done !== undefined) counts["done"] = state.done;
      if (state.total !== undefined) counts["total"] = state.total;
      if (state.page !== undefined) counts["page"] = state.page;
      write(
        logLine(
          { level: "info", event: "progress", stage: state.stage, counts, message: liveText(state, now) },
          now,
        ),
      );
    },
    end: (state, now, ok, endMessage) => {
      if (!stages) return;
      write(
        logLine(
          {
            level: ok ? "info" : "warning",
            event: "stage-end",
            stage: state.stage,
            ...(state.done !== undefined ? { counts: { count: state.done } } : {}),
            durationMs: Math.round(now - state.startedAt),
            message: closingText(state, now, endMessage),
          },
          now,
        ),
      );
    },
    failed: (state, now) => {
      write(
        logLine(
          {
            level: "error",
            event: "stage-failed",
            stage: state.stage,
            durationMs: Math.round(now - state.startedAt),
            message: failedText(state, now),
          },
          now,
        ),
      );
    },
    message: (level, text, now) => {
      write(logLine({ level, event: "message", message: text }, now));
    },
  };
}

function summaryMessage(report: SyncReport): string {
  const { summary: s, planned: p } = report;
  const head = `Plan ${report.planHash.slice(0, 12)}: `;
  const stopped = report.guard.ok ? "" : "; a guard stopped the writes";
  if (!report.written)
    return `${head}nothing written; would create ${p.create}, update ${p.update}, delete ${p.delete}${stopped}`;
  return `${head}created ${s.create}, updated ${s.update}, deleted ${s.delete}, ${s.failed} failed`;
}

/** The last line of a run that produced a report: its counts, plan hash and exit code. */
export function summaryLine(report: SyncReport, exitCode: ExitCode, now: number): string {
  const { summary, planned } = report;
  const message = summaryMessage(report);
  const level =
    exitCode === 0 || exitCode === 2 ? "info" : exitCode === 3 || exitCode === 4 ? "warning" : "error";
  return logLine(
    {
      level,
      event: "summary",
      counts: {
        ...summary,
        plannedCreate: planned.create,
        plannedUpdate: planned.update,
        plannedDelete: planned.delete,
        warnings: report.warnings.length,
      },
      exitCode,
      planHash: report.planHash,
      message,
    },
    now,
  );
}

/** The last line of a run stopped by an error. */
export function errorLine(message: string, exitCode: number, now: number): string {
  return logLine({ level: "error", event: "error", exitCode, message }, now);
}
