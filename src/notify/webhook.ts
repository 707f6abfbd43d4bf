import { lookup } from "node:dns/promises";
import type { NotifyConfig } from "../config/index.js";
import { ConfigError, UnavailableError } from "../model/errors.js";
import type { Message } from "./message.js";

export type WebhookConfig = NonNullable<NotifyConfig["webhook"]>;

const TIMEOUT_MS = 30_000;
/** Chat services cut long texts; the whole report stays in the e-mail and in the run's own output. */
const CHAT_TEXT_LIMIT = 3000;

/**
 * The webhook's host, the only part of its URL any message names: the path and query usually carry
 * the webhook's token.
 */
export function hostOf(webhook: WebhookConfig): string {
  return new URL(webhook.url).host;
}

function cut(text: string): string {
  return text.length > CHAT_TEXT_LIMIT
    ? `${text.slice(0, CHAT_TEXT_LIMIT - 40)}\n… (cut; see the run's report)`
    : text;
}

/** The POST body for the configured format. */
export function webhookBody(webhook: WebhookConfig, message: Message, who: string): unknown {
  switch (webhook.format) {
    case "slack":
      return { text: `*${message.subject}*\n\`\`\`\n${cut(message.text)}\n\`\`\`` };
    case "teams":
      // An Adaptive Card, as Teams' workflow webhooks ("When a Teams webhook request is received") take it.
      return {
        type: "message",
        attachments: [
          {
            contentType: "application/vnd.microsoft.card.adaptive",
            content: {
              type: "AdaptiveCard",
              $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
              version: "1.4",
              body: [
                { type: "TextBlock", text: message.subject, weight: "Bolder", size: "Medium", wrap: true },
                { type: "TextBlock", text: cut(message.text), wrap: true, fontType: "Monospace" },
              ],
            },
          },
        ],
      };
    case "json":
      return {
        tool: "mbn-ad-sync",
        enterprise: who,
        subject: message.subject,
        outcome: message.outcome,
        exitCode: message.exitCode,
        approve: message.approve,
        text: message.text,
        report: message.reportJson === null ? null : (JSON.parse(message.reportJson) as unknown),
      };
  }
}

/** POSTs the message; any answer but 2xx is a failure, named by the host and status only. */
export async function postWebhook(webhook: WebhookConfig, message: Message, who: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(webhook.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(webhookBody(webhook, message, who)),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new UnavailableError(`cannot reach the webhook at ${hostOf(webhook)} (${why})`, { cause: error });
  }
  await response.body?.cancel();
  if (!response.ok) {
    throw new UnavailableError(
      `the webhook at ${hostOf(webhook)} answered ${response.status} ${response.statusText}`,
    );
  }
}

/** That the webhook's host resolves (check): nothing is posted, so nobody is notified by a check. */
export async function resolveWebhook(webhook: WebhookConfig): Promise<string> {
  const { hostname } = new URL(webhook.url);
  const bare = hostname.replace(/^\[(.*)\]$/, "$1");
  try {
    const found = await lookup(bare);
    return `${hostOf(webhook)} resolves to ${found.address} (format ${webhook.format}; not called)`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new ConfigError(undefined, [
      {
        key: "notify.webhook.url",
        message: `cannot resolve ${hostname} (${code}); check notify.webhook.url`,
      },
    ]);
  }
}
