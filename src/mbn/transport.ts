import { readFileSync } from "node:fs";
import { rootCertificates } from "node:tls";
import pLimit from "p-limit";
import { EnvHttpProxyAgent, fetch } from "undici";
import { ConfigError, UnavailableError } from "../model/errors.js";
import { backoffDelay, parseRetryAfter } from "./backoff.js";
import type { Clock } from "./clock.js";
import { retryableStatuses } from "./contract.js";
import { AdaptiveRate } from "./rate.js";
import type { MbnEvent, MbnStats } from "./types.js";

export interface RawRequest {
  method: string;
  url: string;
  /** For messages and events: the path without the base URL. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface RawResponse {
  status: number;
  headers: { get(name: string): string | null };
  text: string;
}

export interface TransportOptions {
  concurrency: number;
  requestsPerSecond: number;
  timeoutMs: number;
  maxAttempts: number;
  maxRetryTimeMs: number;
  caFile: string | undefined;
  random: () => number;
  clock: Clock;
  emit: (e: MbnEvent) => void;
}

/** What one attempt came to, as the retry loop sees it. */
export type AttemptResult = { response: RawResponse } | { failure: Error };

const fatalTls = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|HOSTNAME|ALTNAME/;

function failureCode(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === "TimeoutError") return "timeout";
    const cause = (err as { cause?: unknown }).cause;
    if (cause && typeof cause === "object") {
      const code = (cause as { code?: unknown }).code;
      if (typeof code === "string") return code;
      if (cause instanceof Error) return cause.message;
    }
    const code = (err as { code?: unknown }).code;
    if (typeof code === "string") return code;
    return err.message;
  }
  return String(err);
}

/**
 * HTTP with the policies every MBN call shares: one proxy-aware dispatcher, a concurrency limit,
 * one adaptive rate, per-request timeouts, and retries with backoff for transient failures.
 */
export class Transport {
  readonly counters: MbnStats = { requests: 0, retries: 0, status429: 0, tokenFetches: 0 };
  private readonly dispatcher: EnvHttpProxyAgent;
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly rate: AdaptiveRate;
  /**
   * Aborted by close: a request or backoff still under way then ends at once (a sign-in begun while the
   * directory was read, when the read failed), instead of holding the process through its retries.
   */
  private readonly closing = new AbortController();
  private closed: Promise<void> = Promise.resolve();

  constructor(private readonly o: TransportOptions) {
    let ca: string[] | undefined;
    if (o.caFile !== undefined) {
      try {
        ca = [...rootCertificates, readFileSync(o.caFile, "utf8")];
      } catch (err) {
        throw new ConfigError(undefined, [
          {
            key: "mbn.caFile",
            message: `cannot read ${o.caFile} (${failureCode(err)}); give the path of a PEM file`,
          },
        ]);
      }
    }
    this.dispatcher = new EnvHttpProxyAgent(ca ? { connect: { ca } } : {});
    this.limit = pLimit(o.concurrency);
    this.rate = new AdaptiveRate(o.requestsPerSecond, o.clock, (rps, reason) => {
      o.emit({ type: "rate", requestsPerSecond: rps, reason });
    });
  }

  /**
   * Sends until a non-retryable answer, or attempts / time run out. Returns the last answer (the
   * caller maps statuses to errors); throws UnavailableError when MBN could not be reached at all.
   * A request given as a function is built again for each attempt, so a retry after a long backoff
   * carries a current access token.
   */
  async send(req: RawRequest | (() => Promise<RawRequest>)): Promise<RawResponse> {
    const started = this.o.clock.now();
    for (let attempt = 1; ; attempt++) {
      this.closing.signal.throwIfAborted();
      const r = typeof req === "function" ? await req() : req;
      const result = await this.once(r, attempt);
      this.closing.signal.throwIfAborted();
      if ("response" in result) {
        this.adaptRate(result.response.status);
        if (!retryableStatuses.includes(result.response.status)) return result.response;
      } else if (fatalTls.test(failureCode(result.failure))) {
        throw this.unreachable(r, result.failure);
      }
      const delayMs = this.retryDelay(result, attempt);
      const spent = this.o.clock.now() - started;
      if (attempt >= this.o.maxAttempts || spent + delayMs > this.o.maxRetryTimeMs) {
        if ("response" in result) return result.response;
        throw this.unreachable(r, result.failure);
      }
      const reason = "response" in result ? String(result.response.status) : failureCode(result.failure);
      this.counters.retries++;
      this.o.emit({ type: "retry", method: r.method, path: r.path, attempt, delayMs, reason });
      // Cut short only by close, whose reason the next turn throws.
      await this.o.clock.sleep(delayMs, this.closing.signal).catch(() => undefined);
    }
  }

  /** Ends what is under way and closes the connections; a second call waits for the first. */
  close(): Promise<void> {
    if (!this.closing.signal.aborted) {
      this.closing.abort(new Error("the MBN client was closed"));
      this.closed = this.dispatcher.close();
    }
    return this.closed;
  }

  private adaptRate(status: number): void {
    if (status === 429) {
      this.counters.status429++;
      this.rate.throttled();
    } else if (status < 500) {
      this.rate.succeeded();
    }
  }

  /** The server's Retry-After when it gave one, else backoff with jitter. */
  private retryDelay(result: AttemptResult, attempt: number): number {
    const retryAfter =
      "response" in result
        ? parseRetryAfter(result.response.headers.get("retry-after"), this.o.clock.now())
        : undefined;
    return retryAfter ?? backoffDelay(attempt, this.o.random);
  }

  private once(r: RawRequest, attempt: number): Promise<AttemptResult> {
    return this.limit(async () => {
      await this.rate.take();
      this.counters.requests++;
      // The real time a request took, even under a test's clock: it describes the network.
      const t0 = performance.now();
      try {
        const res = await fetch(r.url, {
          method: r.method,
          headers: r.headers ?? {},
          body: r.body ?? null,
          dispatcher: this.dispatcher,
          signal: AbortSignal.any([AbortSignal.timeout(this.o.timeoutMs), this.closing.signal]),
          redirect: "manual",
        });
        // The body is read inside the timeout too: a reset mid-body counts as a failed attempt.
        const text = await res.text();
        const durationMs = Math.round(performance.now() - t0);
        this.o.emit({
          type: "request",
          method: r.method,
          path: r.path,
          status: res.status,
          durationMs,
          attempt,
        });
        return { response: { status: res.status, headers: res.headers, text } };
      } catch (err) {
        return { failure: err instanceof Error ? err : new Error(String(err)) };
      }
    });
  }

  private unreachable(r: RawRequest, err: Error): UnavailableError {
    const code = failureCode(err);
    const hint = fatalTls.test(code)
      ? "the server's TLS certificate is not trusted: set mbn.caFile to your CA's PEM file"
      : "check the URL, the network, and HTTPS_PROXY / NO_PROXY if a proxy is needed";
    return new UnavailableError(`Cannot reach MBN at ${r.url} (${code}): ${hint}.`, { cause: err });
  }
}
