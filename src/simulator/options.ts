import type { Contact, ContactInput } from "../model/contact.js";

export interface SimulatorClient {
  clientId: string;
  clientSecret: string;
}

export interface SimulatorUser {
  username: string;
  password: string;
  enterpriseId: string;
  groupId: string;
}

export interface SimulatorEnterprise {
  enterpriseId: string;
  groupId: string;
  name: string;
  organizationNumber: string;
}

export interface RateLimitFault {
  /** Refill rate of the per-client token bucket; an empty bucket answers 429 code 42902. */
  requestsPerSecond: number;
  /** Bucket size. */
  burst: number;
  /** Quota per fixed clock minute, over it 429 code 42901; default requestsPerSecond × 60. */
  perMinute?: number;
}

export interface SimulatorFaults {
  /** Added to every answer. */
  latencyMs?: number;
  /** Share 0..1 of requests answered 503 with an HTML body, as a proxy would. */
  error503Rate?: number;
  /** Share 0..1 of POST /contacts that create the contact, then drop the connection unanswered. */
  lostPostRate?: number;
  rateLimit?: RateLimitFault;
  /** Seed for the fault shares, so a test sees the same sequence every run. */
  seed?: number;
}

export interface SimulatorOptions {
  host?: string;
  port?: number;
  /** JSON persistence: loaded at start when it exists, written atomically (mode 0600) after changes. */
  dataFile?: string;
  clients?: SimulatorClient[];
  users?: SimulatorUser[];
  enterprises?: SimulatorEnterprise[];
  tokenLifetimeSeconds?: number;
  tombstoneRetentionDays?: number;
  /** The clock: tokens, `modified`, `serverTime`, retention and rate limits all read it. */
  now?: () => Date;
  faults?: SimulatorFaults;
}

export interface SimulatorStats {
  requests: number;
  /** Status codes sent; 0 counts answers deliberately lost (lostPostRate). */
  byStatus: Record<number, number>;
  /** Keys like "GET /contacts", "PUT /contacts/:id", "POST /oauth/v2/token"; "unknown" for no route. */
  byRoute: Record<string, number>;
}

export interface RunningSimulator {
  /** "http://127.0.0.1:PORT": the API baseUrl; the token URL is url + "/oauth/v2/token". */
  url: string;
  close(): Promise<void>;
  /** Live contacts (of one enterprise, or all), ordered by id. */
  contacts(enterpriseId?: string): Contact[];
  /** Inserts contacts directly, as if typed by hand in MBN; no validation beyond the enterprise. */
  seed(enterpriseId: string, inputs: ContactInput[]): Contact[];
  stats(): SimulatorStats;
  resetStats(): void;
  setFaults(faults: SimulatorFaults | undefined): void;
}

export interface ResolvedOptions {
  host: string;
  port: number;
  dataFile: string | undefined;
  clients: SimulatorClient[];
  users: SimulatorUser[];
  enterprises: SimulatorEnterprise[];
  tokenLifetimeSeconds: number;
  tombstoneRetentionDays: number;
  now: () => Date;
  faults: SimulatorFaults;
}

export const DEFAULT_CLIENT: SimulatorClient = { clientId: "demo-client", clientSecret: "demo-secret" };
export const DEFAULT_USER: SimulatorUser = {
  username: "api-user-1",
  password: "demo-password",
  enterpriseId: "E1001",
  groupId: "G2001",
};
export const DEFAULT_ENTERPRISE: SimulatorEnterprise = {
  enterpriseId: "E1001",
  groupId: "G2001",
  name: "Eksempel AS",
  organizationNumber: "987654321",
};

export function resolveOptions(options: SimulatorOptions = {}): ResolvedOptions {
  return {
    host: options.host ?? "127.0.0.1",
    port: options.port ?? 0,
    dataFile: options.dataFile,
    clients: options.clients ?? [DEFAULT_CLIENT],
    users: options.users ?? [DEFAULT_USER],
    enterprises: options.enterprises ?? [DEFAULT_ENTERPRISE],
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3599,
    tombstoneRetentionDays: options.tombstoneRetentionDays ?? 30,
    now: options.now ?? (() => new Date()),
    faults: options.faults ?? {},
  };
}
