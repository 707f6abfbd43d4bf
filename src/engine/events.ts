/** The stages of a run, in the order a sync passes them. */
export type Stage = "config" | "source" | "mapping" | "mbn" | "plan" | "apply";

/**
 * Progress of one run, for the command to render (spinners, plain lines, JSON log lines). The core never
 * prints. A stage begins with "stage"; "progress" updates its live counts (users read, the page of a
 * listing, writes done of total); "stage-end" closes it with its count, and `ok: false` when it finished
 * with something wrong (failed writes, a guard that stops the run). A stage that fails throws: the command
 * closes it as failed.
 */
export type EngineEvent =
  | { type: "stage"; stage: Stage; message: string }
  | { type: "progress"; stage: Stage; done: number; total?: number; page?: number }
  | { type: "stage-end"; stage: Stage; count: number; ok: boolean; message: string }
  | { type: "log"; level: "debug" | "info" | "warning"; message: string };

export type EventSink = (event: EngineEvent) => void;

export const ignoreEvents: EventSink = () => undefined;
