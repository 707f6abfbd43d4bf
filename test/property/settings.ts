import type { Parameters } from "fast-check";

/**
 * The seed every property test runs with: a failure is the same on every machine and every run, and
 * fast-check prints it with the shrunk counterexample and its path. FC_SEED explores another seed.
 */
export const PROPERTY_SEED = Number(process.env.FC_SEED ?? 20261126);

/** Bounded runs with the fixed seed, so the suite stays quick and repeatable. */
export function runs<T>(numRuns: number): Parameters<T> {
  return { seed: PROPERTY_SEED, numRuns };
}
