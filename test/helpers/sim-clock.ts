/**
 * A simulator clock (SimulatorOptions.now) that runs with real time but can be moved ahead, so a test can
 * age the watermark of a CLI run (which reads the real clock) past the tombstone retention.
 */
export class SimClock {
  private offsetMs = 0;
  readonly now = (): Date => new Date(Date.now() + this.offsetMs);
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
