import type { Clock } from "./clock.js";

/**
 * One request rate for every request of a client, as virtual scheduling (GCRA): each request gets
 * the next free slot, 1/rate apart. A late timer makes the next slot come sooner, so the rate holds
 * without drift; an idle client saves no burst. The rate halves on a 429 (not below 1/s) and climbs
 * back by 10 % per second of successes, so a shared quota is met without hammering it.
 */
export class AdaptiveRate {
  private rate: number;
  private nextAt = 0;
  private lastChange: number;

  constructor(
    private readonly configured: number,
    private readonly clock: Clock,
    private readonly onChange: (rate: number, reason: "throttled" | "recovering") => void,
  ) {
    this.rate = configured;
    this.lastChange = clock.now();
  }

  get current(): number {
    return this.rate;
  }

  /** Resolves when the caller may send one request; slots are handed out in call order. */
  async take(): Promise<void> {
    const now = this.clock.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + 1000 / this.rate;
    if (at > now) await this.clock.sleep(at - now);
  }

  throttled(): void {
    const next = Math.max(1, Math.min(this.rate, this.configured) / 2);
    this.lastChange = this.clock.now();
    if (next !== this.rate) {
      this.rate = next;
      this.onChange(next, "throttled");
    }
  }

  succeeded(): void {
    if (this.rate >= this.configured) return;
    const now = this.clock.now();
    if (now - this.lastChange < 1000) return;
    this.lastChange = now;
    this.rate = Math.min(this.configured, this.rate * 1.1);
    this.onChange(this.rate, "recovering");
  }
}
