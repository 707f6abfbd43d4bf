import type { Contact, ContactInput } from "../model/contact.js";
import type { Clock } from "./clock.js";

export interface MbnClientOptions {
  baseUrl: string;
  /** Default: origin of baseUrl + "/oauth/v2/token". */
  tokenUrl?: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  /** Else read from GET catalog/userInfo. */
  enterpriseId?: string;
  /** Requests in flight, shared by all calls. Default 4. */
  concurrency?: number;
  /** One rate shared by every request, halved on a 429 and climbing back (see rate.ts). Default 10. */
  requestsPerSecond?: number;
  /** Per request. Default 30000. */
  timeoutMs?: number;
  /** Default 6. */
  maxAttempts?: number;
  /** Total time one call may spend retrying. Default 120000. */
  maxRetryTimeMs?: number;
  /** Extra CA (PEM) added to the default roots; verification is never turned off. */
  caFile?: string;
  onEvent?: (e: MbnEvent) => void;
  /** Jitter source in [0, 1), for tests. */
  random?: () => number;
  /** Time for token renewal, backoff and the request rate; default the real clock. For tests. */
  clock?: Clock;
}

export type MbnEvent =
  | { type: "request"; method: string; path: string; status: number; durationMs: number; attempt: number }
  | { type: "retry"; method: string; path: string; attempt: number; delayMs: number; reason: string }
  | { type: "rate"; requestsPerSecond: number; reason: "throttled" | "recovering" }
  | { type: "token"; reason: "initial" | "expiring" | "rejected"; expiresInSeconds: number };

/** After each page of a listing: its number (from 1) and the items read so far. */
export type OnPage = (page: number, items: number) => void;

export interface Tombstone {
  id: string;
  deleted: true;
  modified: string;
}

export interface UserInfo {
  username: string;
  enterpriseId: string;
  groupId: string;
  role: string;
}

export interface MbnStats {
  requests: number;
  retries: number;
  status429: number;
  tokenFetches: number;
}

export interface MbnClient {
  readonly baseUrl: string;
  /** Where tokens come from: mbn.tokenUrl, else the base URL's origin + the contract's token path. */
  readonly tokenUrl: string;
  userInfo(): Promise<UserInfo>;
  /** Cached after the first call. */
  enterpriseId(): Promise<string>;
  /**
   * A token and the enterprise id, both kept for the calls after: a run begins it first, so that its
   * requests wait on the network while the directory is read. Resolves to the enterprise id.
   */
  signIn(): Promise<string>;
  /** Every live contact, following nextCursor; `onPage` hears of each page read (for progress). */
  listContacts(onPage?: OnPage): Promise<Contact[]>;
  /** Every change after `since`, following nextCursor. A 410 means: read the whole directory. */
  listChanges(
    since: string,
    onPage?: OnPage,
  ): Promise<{ changes: (Contact | Tombstone)[]; serverTime: string }>;
  /** null on 404. */
  getContact(id: string): Promise<Contact | null>;
  /**
   * A 409 (the externalId is taken) is thrown as an MbnApiError with `existingId`, also when the
   * contact is this client's own create whose answer was lost: the caller decides which it is.
   */
  createContact(input: ContactInput): Promise<Contact>;
  updateContact(id: string, input: ContactInput, ifMatchVersion?: number): Promise<Contact>;
  deleteContact(id: string, ifMatchVersion?: number): Promise<void>;
  stats(): MbnStats;
  close(): Promise<void>;
}

export const isTombstone = (c: Contact | Tombstone): c is Tombstone => "deleted" in c;
