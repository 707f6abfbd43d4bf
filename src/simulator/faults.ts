import { ApiError } from "./http.js";
import type { RateLimitFault, SimulatorFaults } from "./options.js";

/** mulberry32: small, fast and seedable, so a test sees the same fault sequence every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Bucket {
  tokens: number;
  refilledAtMs: number;
  minuteStartMs: number;
  minuteCount: number;
}

/** A token bucket (spike arrest, 42902) and a fixed per-minute quota (42901), per client. */
class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMinute: number;

  constructor(private readonly limit: RateLimitFault) {
    this.perMinute = limit.perMinute ?? limit.requestsPerSecond * 60;
  }

  take(key: string, nowMs: number): ApiError | undefined {
    const minuteStartMs = Math.floor(nowMs / 60_000) * 60_000;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: this.limit.burst, refilledAtMs: nowMs, minuteStartMs, minuteCount: 0 };
      this.buckets.set(key, bucket);
    }
    const elapsedMs = Math.max(0, nowMs - bucket.refilledAtMs);
    bucket.tokens = Math.min(
      this.limit.burst,
      bucket.tokens + (elapsedMs / 1000) * this.limit.requestsPerSecond,
    );
    bucket.refilledAtMs = nowMs;
    if (bucket.minuteStartMs !== minuteStartMs) {
      bucket.minuteStartMs = minuteStartMs;
      bucket.minuteCount = 0;
    }
    if (bucket.minuteCount >= this.perMinute) {
      const retryAfter = Math.max(1, Math.ceil((minuteStartMs + 60_000 - nowMs) / 1000));
      return new ApiError(
        429,
        42901,
        "Rate limit quota violation",
        {},
        { "retry-after": String(retryAfter) },
      );
    }
    if (bucket.tokens < 1) {
      const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / this.limit.requestsPerSecond));
      return new ApiError(429, 42902, "Spike arrest violation", {}, { "retry-after": String(retryAfter) });
    }
    bucket.tokens -= 1;
    bucket.minuteCount += 1;
    return undefined;
  }
}

/** The fault switches, changeable at runtime. */
export class FaultInjector {
  private faults: SimulatorFaults = {};
  private random: () => number = Math.random;
  private limiter: RateLimiter | undefined;

  constructor(faults: SimulatorFaults | undefined) {
    this.set(faults);
  }

  set(faults: SimulatorFaults | undefined): void {
    this.faults = { ...faults };
    this.random = seededRandom(this.faults.seed ?? Math.floor(Math.random() * 2 ** 32));
    this.limiter = this.faults.rateLimit ? new RateLimiter(this.faults.rateLimit) : undefined;
  }

  get latencyMs(): number {
    return this.faults.latencyMs ?? 0;
  }

  answer503(): boolean {
    return this.draw(this.faults.error503Rate);
  }

  losePostAnswer(): boolean {
    return this.draw(this.faults.lostPostRate);
  }

  rateLimit(clientKey: string, nowMs: number): ApiError | undefined {
    return this.limiter?.take(clientKey, nowMs);
  }

  // No draw when the switch is off, so turning one fault on does not shift another's sequence.
  private draw(rate: number | undefined): boolean {
    if (rate === undefined || rate <= 0) return false;
    return this.random() < rate;
  }
}
