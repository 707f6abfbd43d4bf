import { describe, expect, it } from "vitest";
import { backoffDelay, parseRetryAfter } from "../../../src/mbn/backoff.js";
import { FAKE_START } from "../../helpers/fake-clock.js";

const now = FAKE_START;
const httpDate = (offsetMs: number): string => new Date(now + offsetMs).toUTCString();

describe("parseRetryAfter", () => {
  it.each([
    ["0", 0],
    ["5", 5000],
    ["120", 120_000],
    [" 2 ", 2000],
    ["1.5", 1500],
    ["0.0004", 0],
  ])("reads delta-seconds %j as %i ms", (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it("reads an HTTP date as the time from now until it", () => {
    expect(parseRetryAfter(httpDate(3000), now)).toBe(3000);
    expect(parseRetryAfter(httpDate(3000), now + 1200)).toBe(1800);
    expect(parseRetryAfter("Thu, 26 Nov 2026 10:01:00 GMT", now)).toBe(60_000);
  });

  it("a date already past means no wait", () => {
    expect(parseRetryAfter(httpDate(-5000), now)).toBe(0);
    expect(parseRetryAfter(httpDate(0), now)).toBe(0);
  });

  it.each([null, "", "   "])("absent (%j) is undefined", (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });

  it.each(["soon", "1e3", "12abc", "Thu, 99 Foo 2026 10:00:00 GMT"])("garbage (%j) is undefined", (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe("backoffDelay: exponential with full jitter", () => {
  const randoms = [0, 0.25, 0.5, 0.999_999];

  it("draws from [0, 250 ms × 2^(attempt - 1)) for each attempt", () => {
    for (let attempt = 1; attempt <= 7; attempt++) {
      const ceiling = 250 * 2 ** (attempt - 1);
      for (const r of randoms) {
        const delay = backoffDelay(attempt, () => r);
        expect(delay).toBe(Math.floor(r * ceiling));
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }
    }
  });

  it("never exceeds the 30 s cap", () => {
    expect(backoffDelay(8, () => 0.5)).toBe(15_000); // 250 × 2^7 = 32 s, capped to 30 s
    for (const attempt of [8, 12, 40]) {
      expect(backoffDelay(attempt, () => 0.999_999)).toBe(29_999);
      expect(backoffDelay(attempt, () => 0)).toBe(0);
    }
  });

  it("takes its base and cap as arguments", () => {
    expect(backoffDelay(3, () => 0.5, 100, 300)).toBe(150);
    expect(backoffDelay(1, () => 0.5, 100, 300)).toBe(50);
  });

  it("treats an attempt below 1 as the first", () => {
    expect(backoffDelay(0, () => 0.5)).toBe(125);
  });
});
