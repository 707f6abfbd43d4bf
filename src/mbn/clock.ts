import { setTimeout as delay } from "node:timers/promises";

/**
 * The client's sense of time: token renewal, backoff, the retry-time budget and the request rate all
 * read it, so a test can hand in a clock whose sleeps return at once and check what was waited for.
 */
export interface Clock {
  /** Milliseconds since the epoch; must not go back within a run. */
  now(): number;
  /** Rejects, with its timer cleared, when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The process clock. Monotonic (a wall-clock step back must not stall the rate's next slot), and
 * counted from the epoch so an HTTP-date Retry-After can be compared with it.
 */
export const realClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  sleep: (ms, signal) => delay(ms, undefined, signal ? { signal } : undefined),
};
