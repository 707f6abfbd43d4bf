/** Progress of one run, for the command to render (spinner, --verbose log). The core never prints. */
export type EngineEvent =
  | { type: "stage"; stage: "config" | "source" | "mapping" | "mbn" | "plan" | "apply"; message: string }
  | { type: "progress"; done: number; total: number }
  | { type: "log"; level: "debug" | "info" | "warning"; message: string };

export type EventSink = (event: EngineEvent) => void;

export const ignoreEvents: EventSink = () => undefined;
