import { describe, expect, it } from "vitest";
import { AdaptiveRate } from "../../../src/mbn/rate.js";
import { FakeClock } from "../../helpers/fake-clock.js";

function rate(configured: number) {
  const clock = new FakeClock();
  const changes: [number, string][] = [];
  const r = new AdaptiveRate(configured, clock, (rps, reason) => changes.push([rps, reason]));
  return { clock, changes, r };
}

describe("AdaptiveRate: slots", () => {
  it("hands out slots 1/rate apart, in call order", async () => {
    const { clock, r } = rate(4);
    const start = clock.now();
    await Promise.all(Array.from({ length: 5 }, () => r.take()));
    expect(clock.sleeps).toEqual([250, 500, 750, 1000]);
    expect(clock.now()).toBe(start + 1000);
  });

  it("saves no burst while idle: after a pause the next slot is now, the one after 1/rate later", async () => {
    const { clock, r } = rate(10);
    await r.take();
    clock.advance(10_000);
    await Promise.all([r.take(), r.take(), r.take()]);
    expect(clock.sleeps).toEqual([100, 200]);
  });

  it("a caller that comes late takes the slot that is free by then, without waiting", async () => {
    const { clock, r } = rate(10);
    await r.take();
    clock.advance(60);
    await r.take(); // its slot was at +100: waits the 40 ms left
    expect(clock.sleeps).toEqual([40]);
  });
});

describe("AdaptiveRate: adapting", () => {
  it("halves on each 429, not below 1 per second", () => {
    const { changes, r } = rate(8);
    for (let i = 0; i < 5; i++) r.throttled();
    expect(changes).toEqual([
      [4, "throttled"],
      [2, "throttled"],
      [1, "throttled"],
    ]);
    expect(r.current).toBe(1);
  });

  it("spaces the slots at the halved rate", async () => {
    const { clock, r } = rate(10);
    await r.take();
    r.throttled();
    await Promise.all([r.take(), r.take()]);
    // The slot taken at 10/s stays; the next one is 1/5 s after it.
    expect(clock.sleeps).toEqual([100, 300]);
  });

  it("climbs back by 10 % per whole second of successes, up to the configured rate", () => {
    const { clock, changes, r } = rate(10);
    r.throttled(); // 5
    clock.advance(999);
    r.succeeded();
    expect(r.current).toBe(5);
    clock.advance(1);
    r.succeeded();
    expect(r.current).toBeCloseTo(5.5);
    clock.advance(500);
    r.succeeded();
    expect(r.current).toBeCloseTo(5.5);
    for (let i = 0; i < 10; i++) {
      clock.advance(1000);
      r.succeeded();
    }
    expect(r.current).toBe(10);
    expect(changes.at(-1)).toEqual([10, "recovering"]);
    const recovering = changes.filter(([, why]) => why === "recovering").map(([rps]) => rps);
    for (let i = 1; i < recovering.length; i++) expect(recovering[i]).toBeGreaterThan(recovering[i - 1]!);
  });

  it("a 429 during recovery restarts the second", () => {
    const { clock, r } = rate(10);
    r.throttled(); // 5
    clock.advance(900);
    r.throttled(); // 2.5
    clock.advance(900);
    r.succeeded();
    expect(r.current).toBe(2.5);
    clock.advance(100);
    r.succeeded();
    expect(r.current).toBeCloseTo(2.75);
  });

  it("successes at the configured rate change nothing", () => {
    const { clock, changes, r } = rate(10);
    clock.advance(5000);
    r.succeeded();
    expect(changes).toEqual([]);
    expect(r.current).toBe(10);
  });
});
