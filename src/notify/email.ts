import { readFile } from "node:fs/promises";
import { rootCertificates } from "node:tls";
import type { NotifyConfig } from "../config/index.js";
import { ConfigError, UnavailableError } from "../model/errors.js";
import type { Message } from "./message.js";

export type EmailConfig = NonNullable<NotifyConfig["email"]>;

const REPORT_FILE = "mbn-ad-sync-report.json";

/** host:port, as messages name the server. */
export function serverOf(email: EmailConfig): string {
  return `${email.host}:${portOf(email)}`;
}

function portOf(email: EmailConfig): number {
  return email.port ?? (email.secure ? 465 : 587);
}

async function trusted(email: EmailConfig): Promise<string[] | undefined> {
  if (email.caFile === undefined) return undefined;
  try {
    // Added to the default roots, as mbn.caFile is: a private CA for the mail relay, not instead of the public ones.
    return [...rootCertificates, await readFile(email.caFile, "utf8")];
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new ConfigError(undefined, [
      {
        key: "notify.email.caFile",
        message: `cannot read ${email.caFile} (${code}); check the path and that this user may read it`,
      },
    ]);
  }
}

/**
 * A transport that always verifies TLS: implicit TLS with `secure`, otherwise STARTTLS, required unless
 * `allowPlaintext` (then still used whenever the server offers it). Nothing turns verification off.
 */
async function transport(email: EmailConfig) {
  const ca = await trusted(email);
  // Loaded only when a mail is sent or checked: most runs send none and need not pay for it at start-up.
  const { default: nodemailer } = await import("nodemailer");
  return nodemailer.createTransport({
    host: email.host,
    port: portOf(email),
    secure: email.secure,
    requireTLS: !email.secure && !email.allowPlaintext,
    tls: { rejectUnauthorized: true, minVersion: "TLSv1.2", ...(ca ? { ca } : {}) },
    ...(email.username !== undefined ? { auth: { user: email.username, pass: email.password ?? "" } } : {}),
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
}

/**
 * What went wrong, as the operator can act on it: a refused login or an unknown host is the config (78),
 * anything else the server or the network (69). Nodemailer's messages carry the server's reply, never
 * the password.
 */
export function emailError(email: EmailConfig, error: unknown): ConfigError | UnavailableError {
  if (error instanceof ConfigError) return error;
  const { code, message } = error as { code?: string; message?: string };
  const why = `${message ?? String(error)}${code ? ` (${code})` : ""}`;
  if (code === "EAUTH") {
    return new ConfigError(undefined, [
      {
        key: "notify.email.username",
        message: `${serverOf(email)} refused the login of "${email.username ?? ""}": ${why}; check notify.email.username and its password`,
      },
    ]);
  }
  if (code === "EDNS") {
    return new ConfigError(undefined, [
      { key: "notify.email.host", message: `cannot resolve ${email.host}: ${why}; check notify.email.host` },
    ]);
  }
  const tls =
    code === "ETLS" || /certificate|self.signed/i.test(why)
      ? "; a private CA goes in notify.email.caFile"
      : "";
  return new UnavailableError(`cannot reach the SMTP server ${serverOf(email)}: ${why}${tls}`, {
    cause: error,
  });
}

/** Connects, upgrades to TLS and logs in, as a send would, without sending (check). */
export async function verifyEmail(email: EmailConfig): Promise<string> {
  const t = await transport(email);
  try {
    await t.verify();
  } catch (error) {
    throw emailError(email, error);
  } finally {
    t.close();
  }
  const tls = email.secure ? "TLS" : email.allowPlaintext ? "STARTTLS when offered" : "STARTTLS";
  const login = email.username !== undefined ? `, logged in as ${email.username}` : ", no login";
  return `${serverOf(email)}: connected (${tls}, certificate verified)${login}`;
}

/** Sends the message to every recipient, with the JSON report attached when there is one. */
export async function sendEmail(email: EmailConfig, message: Message): Promise<void> {
  const t = await transport(email);
  try {
    await t.sendMail({
      from: email.from,
      to: email.to,
      subject: message.subject,
      text: message.text,
      attachments:
        message.reportJson === null
          ? []
          : [{ filename: REPORT_FILE, content: message.reportJson, contentType: "application/json" }],
    });
  } catch (error) {
    throw emailError(email, error);
  } finally {
    t.close();
  }
}
