import { secretValues, type Config } from "../config/index.js";
import { SyncError } from "../model/exit-code.js";
import type { CheckItem, SyncReport } from "../report/index.js";
import { sendEmail, verifyEmail } from "./email.js";
import { buildMessage, testMessage, type Message } from "./message.js";
import { outcomeOf, wanted, type Outcome } from "./outcome.js";
import { hostOf, postWebhook, resolveWebhook } from "./webhook.js";

/** What became of a notification: the channels it went to, and why the others did not get it. */
export interface NotifyResult {
  sent: string[];
  /** One line per channel that failed: shown as warnings; they never change the run's exit code. */
  warnings: string[];
}

const nothing: NotifyResult = { sent: [], warnings: [] };

/** The MBN directory as a subject names it: the enterprise, or the API's host when catalog/userInfo picks it. */
function who(config: Config): string {
  return config.mbn.enterpriseId ?? new URL(config.mbn.baseUrl).host;
}

/**
 * Every configured secret, blanked wherever it turns up in what leaves the tool. None is expected there
 * (reports hold no credentials); this makes sure an error text that quoted one cannot carry it out.
 */
function scrub(message: Message, config: Config): Message {
  const secrets = secretValues(config).filter((s) => s.length >= 4);
  const clean = (text: string): string => secrets.reduce((t, s) => t.split(s).join("***"), text);
  return {
    ...message,
    subject: clean(message.subject),
    text: clean(message.text),
    reportJson: message.reportJson === null ? null : clean(message.reportJson),
  };
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

type ChannelResult = { sent: string } | { warning: string };

async function deliver(message: Message, config: Config): Promise<NotifyResult> {
  const notify = config.notify;
  if (!notify) return nothing;
  const safe = scrub(message, config);
  const { email, webhook } = notify;
  // Both channels at once; the result lists them in a fixed order, e-mail first.
  const outcomes = await Promise.all([
    email
      ? sendEmail(email, safe).then(
          (): ChannelResult => ({ sent: `e-mail to ${email.to.join(", ")}` }),
          (error: unknown): ChannelResult => ({
            warning: `notification e-mail not sent: ${describe(error)}`,
          }),
        )
      : undefined,
    webhook
      ? postWebhook(webhook, safe, who(config)).then(
          (): ChannelResult => ({ sent: `webhook at ${hostOf(webhook)}` }),
          (error: unknown): ChannelResult => ({
            warning: `notification webhook not called: ${describe(error)}`,
          }),
        )
      : undefined,
  ]);
  const result: NotifyResult = { sent: [], warnings: [] };
  for (const o of outcomes) {
    if (o && "sent" in o) result.sent.push(o.sent);
    else if (o) result.warnings.push(o.warning);
  }
  return result;
}

async function send(outcome: Outcome, exitCode: number, config: Config): Promise<NotifyResult> {
  if (!config.notify || !wanted(config.notify.on, outcome)) return nothing;
  return deliver(buildMessage(outcome, exitCode, who(config)), config);
}

/**
 * Notifies of a finished run (`sync`, `plan`, `apply`) when `notify.on` asks for its outcome. Never
 * throws for a channel that fails: the result's warnings say why, and the run's exit code stands.
 */
export function notify(report: SyncReport, exitCode: number, config: Config): Promise<NotifyResult> {
  return send(outcomeOf(report), exitCode, config);
}

/** Notifies of a run that stopped with an error before it had a report (a "failure"). */
export function notifyError(error: unknown, exitCode: number, config: Config): Promise<NotifyResult> {
  return send({ kind: "error", message: describe(error) }, exitCode, config);
}

function failed(name: string, error: unknown): CheckItem {
  return {
    name,
    ok: false,
    detail: describe(error),
    ...(error instanceof SyncError ? { exitCode: error.exitCode } : {}),
  };
}

/**
 * The checks of `check`: the SMTP server connected to, upgraded to verified TLS and logged in to, and the
 * webhook's host resolved (nothing posted). With `sendTest`, a test message goes to each channel that passed.
 */
export async function checkNotify(config: Config, sendTest: boolean): Promise<CheckItem[]> {
  const notify = config.notify;
  if (!notify) return [];
  const test = scrub(testMessage(who(config)), config);
  const checks: CheckItem[] = [];
  if (notify.email) {
    const email = notify.email;
    try {
      let detail = await verifyEmail(email);
      if (sendTest) {
        await sendEmail(email, test);
        detail += `; test message sent to ${email.to.join(", ")}`;
      }
      checks.push({ name: "notify-email", ok: true, detail });
    } catch (error) {
      checks.push(failed("notify-email", error));
    }
  }
  if (notify.webhook) {
    const webhook = notify.webhook;
    try {
      let detail = await resolveWebhook(webhook);
      if (sendTest) {
        await postWebhook(webhook, test, who(config));
        detail = `${hostOf(webhook)}: test message posted (format ${webhook.format})`;
      }
      checks.push({ name: "notify-webhook", ok: true, detail });
    } catch (error) {
      checks.push(failed("notify-webhook", error));
    }
  }
  return checks;
}
