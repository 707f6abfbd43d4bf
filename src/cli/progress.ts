import type { default as oraFunction, Ora } from "ora";
import type { EngineEvent, EventSink } from "../engine/index.js";
import { closingText, failedText, liveText, type StageState } from "./progress-text.js";

/** How one kind of output shows the stages of a run and its messages. */
export interface StageSink {
  begin(state: StageState, now: number): void;
  update(state: StageState, now: number): void;
  end(state: StageState, now: number, ok: boolean, endMessage: string | undefined): void;
  failed(state: StageState, now: number): void;
  /** A log event that is to be shown (warnings always, debug and info with --verbose). */
  message(level: "debug" | "info" | "warning", text: string, now: number): void;
}

/** The progress of one command: feeds engine events to a sink and closes the stage left open. */
export interface Progress {
  onEvent: EventSink;
  /** The run threw: the open stage ends as failed. */
  fail(): void;
  /** The run is over: the open stage (one the engine did not close) ends as done. */
  finish(): void;
}

/**
 * Tracks the open stage: a new stage closes the one before (as done: the engine went on), a stage-end
 * closes it with the engine's count and message. Debug and info messages only with --verbose.
 */
export function trackStages(sink: StageSink, now: () => number, verbose: boolean): Progress {
  let open: StageState | undefined;
  const close = (ok: boolean, endMessage?: string): void => {
    if (open) sink.end(open, now(), ok, endMessage);
    open = undefined;
  };
  const onEvent = (event: EngineEvent): void => {
    if (event.type === "stage") {
      close(true);
      open = { stage: event.stage, message: event.message, startedAt: now() };
      sink.begin(open, now());
    } else if (event.type === "progress") {
      if (open?.stage !== event.stage) return;
      open.done = event.done;
      if (event.total !== undefined) open.total = event.total;
      if (event.page !== undefined) open.page = event.page;
      sink.update(open, now());
    } else if (event.type === "stage-end") {
      if (open?.stage !== event.stage) {
        // A stage that ended without having said it began still gets its line.
        close(true);
        open = { stage: event.stage, message: event.message, startedAt: now() };
      }
      open.done = event.count;
      close(event.ok, event.message);
    } else if (event.level === "warning" || verbose) {
      sink.message(event.level, event.message, now());
    }
  };
  return {
    onEvent,
    fail: () => {
      if (open) sink.failed(open, now());
      open = undefined;
    },
    finish: () => {
      close(true);
    },
  };
}

/** ✔ and ✖, green and red when colour is on. */
export function symbols(color: boolean): { ok: string; failed: string } {
  return color ? { ok: "\u001b[32m✔\u001b[39m", failed: "\u001b[31m✖\u001b[39m" } : { ok: "✔", failed: "✖" };
}

/** Off a terminal: one line per finished stage, messages as lines; nothing redrawn, no control characters. */
export function plainSink(write: (text: string) => void, color: boolean, stages: boolean): StageSink {
  const mark = symbols(color);
  return {
    begin: () => undefined,
    update: () => undefined,
    end: (state, now, ok, endMessage) => {
      if (stages) write(`${ok ? mark.ok : mark.failed} ${closingText(state, now, endMessage)}\n`);
    },
    failed: (state, now) => {
      if (stages) write(`${mark.failed} ${failedText(state, now)}\n`);
    },
    message: (level, text) => {
      write(`${level}: ${text}\n`);
    },
  };
}

/**
 * On a terminal: an ora spinner per stage with its live counts, frozen as its ✔ or ✖ line when the stage
 * ends. Messages go through `write` (stderr), which ora clears the spinner around.
 */
export function spinnerSink(
  stream: NodeJS.WritableStream,
  write: (text: string) => void,
  color: boolean,
  ora: typeof oraFunction,
): StageSink {
  const mark = symbols(color);
  let spinner: Ora | undefined;
  const stop = (symbol: string, text: string): void => {
    spinner?.stopAndPersist({ symbol, text });
    spinner = undefined;
  };
  return {
    begin: (state, now) => {
      // discardStdin off: raw mode would take Ctrl-C away from the SIGINT handler that stops the writes.
      spinner = ora({
        stream,
        text: liveText(state, now),
        isEnabled: true,
        discardStdin: false,
        color: color ? "cyan" : false,
      }).start();
    },
    update: (state, now) => {
      if (spinner) spinner.text = liveText(state, now);
    },
    end: (state, now, ok, endMessage) => {
      stop(ok ? mark.ok : mark.failed, closingText(state, now, endMessage));
    },
    failed: (state, now) => {
      stop(mark.failed, failedText(state, now));
    },
    message: (level, text) => {
      write(`${level}: ${text}\n`);
    },
  };
}
