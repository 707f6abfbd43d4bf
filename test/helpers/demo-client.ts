import { createMbnClient, type MbnClient, type MbnClientOptions } from "../../src/mbn/index.js";
import { DEFAULT_CLIENT, DEFAULT_USER } from "../../src/simulator/index.js";

/** An MBN client signed in as the simulator's default client and user; `overrides` replace any option. */
export function demoClient(baseUrl: string, overrides: Partial<MbnClientOptions> = {}): MbnClient {
  return createMbnClient({
    baseUrl,
    clientId: DEFAULT_CLIENT.clientId,
    clientSecret: DEFAULT_CLIENT.clientSecret,
    username: DEFAULT_USER.username,
    password: DEFAULT_USER.password,
    ...overrides,
  });
}
