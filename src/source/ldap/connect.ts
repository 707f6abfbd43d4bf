import { readFileSync } from "node:fs";
import type { ConnectionOptions } from "node:tls";
import { Client, type ClientOptions } from "ldapts";
import { ConfigError, UnavailableError } from "../../model/errors.js";
import { describeFailure } from "./failure.js";
import type { LdapSourceOptions } from "./options.js";

/** The part of the ldapts Client the source uses; tests inject their own to watch the searches. */
export type LdapClient = Pick<Client, "bind" | "startTLS" | "searchPaginated" | "unbind">;
export type ClientFactory = (options: ClientOptions) => LdapClient;

export const defaultClientFactory: ClientFactory = (options) => new Client(options);

/** Refuses settings that would send the password in clear or cannot work, before any connection. */
export function checkConnectionSettings(options: LdapSourceOptions): void {
  const issues: { key: string; message: string }[] = [];
  if (options.urls.length === 0) issues.push({ key: "source.url", message: "no LDAP url given" });
  for (const url of options.urls) {
    const scheme = /^([a-z]+):\/\//i.exec(url)?.[1]?.toLowerCase();
    if (scheme !== "ldap" && scheme !== "ldaps") {
      issues.push({ key: "source.url", message: `"${url}" must start with ldaps:// or ldap://` });
    } else if (scheme === "ldaps" && options.startTls) {
      issues.push({
        key: "source.startTls",
        message: `"${url}" is already TLS (ldaps://); startTls is for ldap:// urls`,
      });
    } else if (scheme === "ldap" && !options.startTls && !options.allowPlaintextBind) {
      issues.push({
        key: "source.url",
        message: `"${url}" would send the bind password unencrypted; use ldaps://…:636, or set startTls: true (or allowPlaintextBind: true if you really mean it)`,
      });
    }
  }
  if (issues.length > 0) throw new ConfigError(undefined, issues);
}

/** Node TLS options from the config, read once per run. */
export function tlsOptionsFor(options: LdapSourceOptions): ConnectionOptions {
  const tls: ConnectionOptions = { rejectUnauthorized: options.tls.insecureSkipVerify !== true };
  if (options.tls.caFile !== undefined) {
    try {
      tls.ca = readFileSync(options.tls.caFile);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ConfigError(undefined, [
        { key: "source.tls.caFile", message: `cannot read ${options.tls.caFile}: ${reason}` },
      ]);
    }
  }
  if (options.tls.serverName !== undefined) tls.servername = options.tls.serverName;
  return tls;
}

function isLdaps(url: string): boolean {
  return url.toLowerCase().startsWith("ldaps://");
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, "");
  } catch {
    return url;
  }
}

async function connectOne(
  url: string,
  options: LdapSourceOptions,
  tls: ConnectionOptions,
  factory: ClientFactory,
): Promise<LdapClient> {
  const client = factory({
    url,
    connectTimeout: options.timeouts.connectMs,
    timeout: options.timeouts.operationMs,
    // A fresh copy for every connection: ldapts writes into the object it is given. Only for
    // ldaps://: ldapts opens TLS at once whenever tlsOptions are set, whatever the scheme.
    ...(isLdaps(url) ? { tlsOptions: { ...tls } } : {}),
    strictDN: false,
  });
  try {
    if (options.startTls) {
      // tls.connect over an existing socket would otherwise check the certificate against "localhost".
      await client.startTLS({ ...tls, servername: tls.servername ?? hostOf(url) });
    }
    await client.bind(options.bindDn, options.bindPassword);
    return client;
  } catch (error) {
    await client.unbind().catch(() => undefined);
    throw error;
  }
}

/** Connects to the first url that answers and accepts the bind; the error names every url tried. */
export async function connectAndBind(
  options: LdapSourceOptions,
  factory: ClientFactory,
): Promise<{ client: LdapClient; url: string }> {
  const tls = tlsOptionsFor(options);
  const failures: string[] = [];
  for (const url of options.urls) {
    try {
      return { client: await connectOne(url, options, tls, factory), url };
    } catch (error) {
      const reason = describeFailure(error);
      failures.push(`${url}: ${reason.text}`);
      // Every DC of a domain answers a bad password the same way; more tries only lock the account sooner.
      if (reason.kind === "credentials") break;
    }
  }
  throw new UnavailableError(
    `LDAP: could not connect and bind as ${options.bindDn}:\n${failures.map((f) => `  - ${f}`).join("\n")}`,
  );
}
