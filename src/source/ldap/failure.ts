import {
  InvalidCredentialsError,
  ResultCodeError,
  StrongAuthRequiredError,
  ConfidentialityRequiredError,
} from "ldapts";

/** Why an LDAP step failed, in words an operator can act on. */
export interface FailureReason {
  kind: "credentials" | "tls" | "plaintext-refused" | "unreachable" | "timeout" | "other";
  /** What happened and what to check; never contains a secret. */
  text: string;
}

const TLS_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "CERT_SIGNATURE_FAILURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "EPROTO",
]);
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EADDRNOTAVAIL",
]);

function codeOf(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  const code = error.code;
  return typeof code === "string" ? code : undefined;
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // ldapts appends multi-line details (stack traces of socket errors); the first line is the point.
  return text.split("\n")[0]?.trim() ?? text;
}

export function describeFailure(error: unknown): FailureReason {
  const code = codeOf(error);
  const message = messageOf(error);
  if (error instanceof InvalidCredentialsError) {
    return {
      kind: "credentials",
      text: "the DC refused the bind: invalid credentials (check source.bindDn and the bind password; the account may also be locked or expired)",
    };
  }
  if (error instanceof StrongAuthRequiredError || error instanceof ConfidentialityRequiredError) {
    return {
      kind: "plaintext-refused",
      text: `the DC requires an encrypted connection for a simple bind (${message}); use an ldaps:// url or startTls: true`,
    };
  }
  if ((code !== undefined && TLS_CODES.has(code)) || /certificate|self[- ]signed|TLS|SSL/i.test(message)) {
    return {
      kind: "tls",
      text: `TLS failed: ${message}${code && !message.includes(code) ? ` (${code})` : ""} (check source.tls.caFile holds the CA that signed the DC's certificate, and source.tls.serverName matches the name in it)`,
    };
  }
  if (/timed? ?out/i.test(message) || code === "ETIMEDOUT") {
    return { kind: "timeout", text: `timed out: ${message}` };
  }
  if (code !== undefined && NETWORK_CODES.has(code)) {
    return { kind: "unreachable", text: `cannot reach the DC: ${message}` };
  }
  if (/socket|connection closed/i.test(message)) {
    return { kind: "unreachable", text: `the connection to the DC was lost: ${message}` };
  }
  if (error instanceof ResultCodeError) {
    return { kind: "other", text: `the DC answered with LDAP result ${error.code}: ${message}` };
  }
  return { kind: "other", text: message };
}

/**
 * What the LDAP client or the DC failed with (its error as the cause), as opposed to an error of the
 * tool's own code: only this becomes "LDAP failed" (exit 69); anything else is a bug (exit 1).
 */
export class LdapFailure extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = "LdapFailure";
  }
}
