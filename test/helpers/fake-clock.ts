import type { Clock } from "../../src/mbn/index.js";

/** 2026-11-26T10:00:00.000Z: a whole second, so an HTTP date (second precision) built from it is exact. */
export const FAKE_START = Date.UTC(2026, 10, 26, 10, 0, 0);

/**
 * A client clock whose time moves only when told to or slept on: every sleep is recorded and
 * returns at once (after other waiting callbacks ran, as a timer would), moving time to its end.
 * Hand `date` to the simulator's `now` so its rate limits and tokens live in the same time.
 */
export class FakeClock implements Clock {
  /** Every delay asked for, in call order. */
  readonly sleeps: number[] = [];
  /** When each sleep ends, in call order. */
  readonly wakes: number[] = [];
  private t: number;

  constructor(start = FAKE_START) {
    this.t = start;
  }

  readonly now = (): number => this.t;
  readonly date = (): Date => new Date(this.t);

  readonly sleep = async (ms: number): Promise<void> => {
    const wake = this.t + Math.max(0, ms);
    this.sleeps.push(ms);
    this.wakes.push(wake);
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.t = Math.max(this.t, wake);
  };

  advance(ms: number): void {
    this.t += ms;
  }
}
