import { randomBytes } from "node:crypto";
import type { SimulatorClient, SimulatorUser } from "./options.js";
import { ApiError } from "./http.js";

export interface Session {
  clientId: string;
  user: SimulatorUser;
  expiresAtMs: number;
}

export interface TokenAnswer {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
}

function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return match?.[1];
}

/** The OAuth2 password grant and the bearer tokens it hands out. Tokens live in memory only. */
export class Authority {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly clients: SimulatorClient[],
    private readonly users: SimulatorUser[],
    private readonly lifetimeSeconds: number,
    private readonly nowMs: () => number,
  ) {}

  /** The client named by HTTP Basic auth, when its secret is right. */
  basicClient(authorization: string | undefined): SimulatorClient | undefined {
    const match = /^Basic\s+(\S+)\s*$/i.exec(authorization ?? "");
    if (!match?.[1]) return undefined;
    const decoded = Buffer.from(match[1], "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return undefined;
    const clientId = decoded.slice(0, colon);
    const clientSecret = decoded.slice(colon + 1);
    return this.clients.find((c) => c.clientId === clientId && c.clientSecret === clientSecret);
  }

  grant(authorization: string | undefined, form: string): TokenAnswer {
    const client = this.basicClient(authorization);
    if (!client) {
      throw new ApiError(401, 40108, "Invalid client id or secret for basic authentication");
    }
    const params = new URLSearchParams(form);
    if (params.get("grant_type") !== "password") {
      throw new ApiError(400, 40001, "grant_type must be password", {
        errors: [{ field: "grant_type", message: "must be password" }],
      });
    }
    const user = this.users.find(
      (u) => u.username === params.get("username") && u.password === params.get("password"),
    );
    if (!user) throw new ApiError(400, 40002, "Invalid username or password");
    const token = randomBytes(24).toString("base64url");
    this.sessions.set(token, {
      clientId: client.clientId,
      user,
      expiresAtMs: this.nowMs() + this.lifetimeSeconds * 1000,
    });
    return { access_token: token, token_type: "Bearer", expires_in: this.lifetimeSeconds };
  }

  /** The session a request claims, expired or not: enough to know whose rate limit it counts against. */
  claimedSession(authorization: string | undefined): Session | undefined {
    const token = bearerToken(authorization);
    return token === undefined ? undefined : this.sessions.get(token);
  }

  authenticate(authorization: string | undefined): Session {
    const token = bearerToken(authorization);
    if (token === undefined) throw new ApiError(401, 40102, "Missing or malformed Authorization header");
    const session = this.sessions.get(token);
    if (!session) throw new ApiError(401, 40105, "Invalid access token");
    if (this.nowMs() >= session.expiresAtMs) {
      this.sessions.delete(token);
      throw new ApiError(401, 40106, "Access token expired");
    }
    return session;
  }
}
