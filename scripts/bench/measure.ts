/** CPU (user + system) and wall milliseconds of one synchronous or asynchronous job. */
export async function measure<T>(
  job: () => T | Promise<T>,
): Promise<{ result: T; cpuMs: number; wallMs: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const result = await job();
  const wallMs = performance.now() - wall;
  const used = process.cpuUsage(cpu);
  return { result, cpuMs: (used.user + used.system) / 1000, wallMs };
}
