export { startSimulator } from "./server.js";
export type {
  RateLimitFault,
  RunningSimulator,
  SimulatorClient,
  SimulatorEnterprise,
  SimulatorFaults,
  SimulatorOptions,
  SimulatorStats,
  SimulatorUser,
} from "./options.js";
export { DEFAULT_CLIENT, DEFAULT_ENTERPRISE, DEFAULT_USER } from "./options.js";
export type { Tombstone, Change } from "./store.js";
