import { UnavailableError } from "../model/errors.js";
import type { Clock } from "./clock.js";
import { errorCodes, TokenResponseSchema } from "./contract.js";
import type { Transport } from "./transport.js";
import type { MbnEvent } from "./types.js";
import { apiError, errorCode, parseAnswer } from "./wire.js";

export interface Credentials {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
}

interface Held {
  value: string;
  renewAt: number;
}

/**
 * The OAuth2 password grant, cached. Renewed a little before expires_in runs out (10 % of the
 * lifetime, at most a minute); concurrent callers share one fetch in flight.
 */
export class TokenSource {
  private held: Held | undefined;
  private inFlight: Promise<string> | undefined;
  private fetched = 0;

  constructor(
    private readonly creds: Credentials,
    private readonly transport: Transport,
    private readonly clock: Clock,
    private readonly emit: (e: MbnEvent) => void,
  ) {}

  get(): Promise<string> {
    if (this.held && this.clock.now() < this.held.renewAt) return Promise.resolve(this.held.value);
    this.inFlight ??= this.fetch().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /** The API refused `value`: forget it so the next get() fetches a new one. */
  reject(value: string): void {
    if (this.held?.value === value) this.held = { value, renewAt: 0 };
  }

  private async fetch(): Promise<string> {
    const reason = this.fetched === 0 ? "initial" : this.held?.renewAt === 0 ? "rejected" : "expiring";
    const { tokenUrl, clientId, clientSecret, username, password } = this.creds;
    const path = new URL(tokenUrl).pathname;
    const basic = Buffer.from(`${clientId}:${clientSecret}`, "utf8").toString("base64");
    this.transport.counters.tokenFetches++;
    this.fetched++;
    const res = await this.transport.send({
      method: "POST",
      url: tokenUrl,
      path,
      headers: {
        authorization: `Basic ${basic}`,
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
      },
      body: new URLSearchParams({ grant_type: "password", username, password }).toString(),
    });
    if (res.status !== 200)
      throw this.refused(res.status, errorCode(res), apiError(res, { method: "POST", path }));
    const token = parseAnswer(res, TokenResponseSchema, { method: "POST", path });
    const lifetimeMs = token.expires_in * 1000;
    this.held = {
      value: token.access_token,
      renewAt: this.clock.now() + lifetimeMs - Math.min(60_000, lifetimeMs / 10),
    };
    this.emit({ type: "token", reason, expiresInSeconds: token.expires_in });
    return token.access_token;
  }

  private refused(status: number, code: number | undefined, cause: Error): Error {
    const { tokenUrl, clientId, username } = this.creds;
    if (code === errorCodes.badClient || (status === 401 && code === undefined)) {
      return new UnavailableError(
        `MBN refused the client id "${clientId}" or its secret at ${tokenUrl} (${status}${code ? ` code ${code}` : ""}): ` +
          "check mbn.clientId and mbn.clientSecret against the partner agreement.",
        { cause },
      );
    }
    if (code === errorCodes.badUser || status === 400) {
      return new UnavailableError(
        `MBN refused the API user "${username}" at ${tokenUrl} (${status}${code ? ` code ${code}` : ""}): ` +
          "check mbn.username and mbn.password (the API user from Min Bedrift) and that the user is not locked.",
        { cause },
      );
    }
    if (status >= 500 || status === 429) {
      return new UnavailableError(
        `MBN's token service at ${tokenUrl} kept failing (${status}${code ? ` code ${code}` : ""}); try again later.`,
        { cause },
      );
    }
    return new UnavailableError(
      `MBN's token service at ${tokenUrl} answered ${status}${code ? ` code ${code}` : ""} for client "${clientId}" and user "${username}": check mbn.tokenUrl and the credentials.`,
      { cause },
    );
  }
}
