import { z } from "zod";
import { nonEmpty, requiredText, secret } from "./schema-parts.js";

/**
 * `notify`: who hears of a run, and when (src/notify sends it). Both channels are optional, and
 * their secrets (the SMTP password, the webhook URL, which carries the webhook's token) come from
 * `${env:…}` or a `…File` key like every other secret.
 */

const address = z.email({ error: "must be an e-mail address, e.g. it-ops@corp.example" });

export const notifyEvents = ["failure", "guard", "changes", "always"] as const;
export type NotifyEvent = (typeof notifyEvents)[number];

export const emailSchema = z
  .strictObject({
    host: requiredText("required: the SMTP server, e.g. smtp.corp.example").describe(
      "SMTP server host name.",
    ),
    port: z.int().min(1).max(65535).optional().describe("SMTP port; 587 by default (465 with secure: true)."),
    secure: z
      .boolean()
      .default(false)
      .describe(
        "true: implicit TLS from the first byte (usually port 465). false: STARTTLS whenever the server offers it.",
      ),
    allowPlaintext: z
      .boolean()
      .default(false)
      .describe(
        "Send without TLS when the server offers no STARTTLS (a relay on the same host); never with a password. Off: such a server is refused.",
      ),
    caFile: nonEmpty
      .optional()
      .describe(
        "PEM file with an extra CA certificate to trust for the SMTP server (TLS is always verified).",
      ),
    username: nonEmpty.optional().describe("SMTP login; leave out for a relay that takes mail without one."),
    password: nonEmpty.optional().describe("SMTP password. Use ${env:NAME} or passwordFile."),
    passwordFile: nonEmpty.optional().describe("File holding the SMTP password; alternative to password."),
    from: address.describe("Sender address of the notifications."),
    to: z.array(address).min(1).describe("Recipients of the notifications."),
  })
  .superRefine((email, ctx) => {
    if (email.username !== undefined && email.password === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["password"],
        message:
          "required with notify.email.username: set notify.email.password (e.g. ${env:SMTP_PASSWORD}) or notify.email.passwordFile",
      });
    }
    if (email.username === undefined && email.password !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["username"],
        message: "required with notify.email.password: the SMTP login the password is for",
      });
    }
    if (email.allowPlaintext && email.username !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["allowPlaintext"],
        message: "a password is never sent without TLS: remove allowPlaintext, or the username and password",
      });
    }
  })
  .describe("Notifications by e-mail, sent over SMTP.");

export const webhookSchema = z
  .strictObject({
    url: secret("required: set notify.webhook.url (e.g. ${env:MBN_SYNC_WEBHOOK}) or notify.webhook.urlFile")
      .pipe(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }))
      .describe("Webhook URL; it usually carries the webhook's token, so use ${env:NAME} or urlFile."),
    urlFile: nonEmpty.optional().describe("File holding the webhook URL; alternative to url."),
    format: z
      .enum(["json", "teams", "slack"])
      .default("json")
      .describe("Body of the POST: json (the tool's own document), teams (an Adaptive Card) or slack."),
  })
  .describe("Notifications by an HTTP POST to a webhook.");

export const notifySchema = z
  .strictObject({
    on: z
      .array(z.enum(notifyEvents))
      .min(1)
      .default(["failure", "guard"])
      .describe(
        "When to notify: failure (a failed write, an interrupted run, an error), guard (a guard stopped the run), changes (the run wrote, or a dry run found, changes), always.",
      ),
    email: emailSchema.optional(),
    webhook: webhookSchema.optional(),
  })
  .describe("Notifications of a run's outcome, by e-mail and/or webhook.");

export const auditSchema = z
  .strictObject({
    maxBytes: z
      .int()
      .min(1024)
      .default(50 * 1024 * 1024)
      .describe("Size at which audit.jsonl is rotated (between lines), in bytes; 50 MB by default."),
    keep: z
      .int()
      .min(1)
      .max(1000)
      .default(10)
      .describe("Rotated audit files kept (audit.1.jsonl is the newest); older ones are removed."),
  })
  .describe("The audit log of every write to MBN (state.dir/audit.jsonl).");
