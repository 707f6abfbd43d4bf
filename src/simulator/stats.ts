import type { SimulatorStats } from "./options.js";

export class StatsCounter {
  private current: SimulatorStats = { requests: 0, byStatus: {}, byRoute: {} };

  request(route: string): void {
    this.current.requests += 1;
    this.current.byRoute[route] = (this.current.byRoute[route] ?? 0) + 1;
  }

  status(status: number): void {
    this.current.byStatus[status] = (this.current.byStatus[status] ?? 0) + 1;
  }

  snapshot(): SimulatorStats {
    return structuredClone(this.current);
  }

  reset(): void {
    this.current = { requests: 0, byStatus: {}, byRoute: {} };
  }
}
