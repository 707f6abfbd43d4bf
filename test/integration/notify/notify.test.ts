import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig, type Config } from "../../../src/config/index.js";
import { checkNotify, notify, notifyError } from "../../../src/notify/index.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";
import { startWebhookReceiver, type WebhookReceiver } from "../../helpers/webhook-receiver.js";
import { guardReport } from "../../unit/notify/builders.js";
import { syncReport } from "../../unit/report/builders.js";

/**
 * Notifications against a real SMTP server (smtp-server, STARTTLS with a self-signed certificate the
 * config trusts through caFile, a login) and a local HTTP receiver. Known secret values are in the
 * config; none may appear in a mail or a webhook body.
 */

const SECRETS = {
  MBN_CLIENT_SECRET: "mbn-client-secret-4b1d",
  MBN_PASSWORD: "mbn-password-9c2e",
  SMTP_PASSWORD: "smtp-password-7f3a",
  LDAP_PASSWORD: "ldap-bind-password-2e8c",
  WEBHOOK_TOKEN: "webhook-token-5d6b",
};

let dir: string;
let smtp: SMTPServer;
let smtpPort: number;
let receiver: WebhookReceiver;
let httpPort: number;
let posts: WebhookReceiver["posts"];
const mails: { raw: string; from: string; to: string[]; user: string | undefined; secured: boolean }[] = [];

beforeAll(async () => {
  dir = await tempDir("mbn-notify-");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"].concat([
      "-addext",
      "subjectAltName=DNS:localhost,IP:127.0.0.1",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "ca.pem"),
    ]),
    { stdio: "ignore" },
  );
  smtp = new SMTPServer({
    key: readFileSync(join(dir, "key.pem")),
    cert: readFileSync(join(dir, "ca.pem")),
    authMethods: ["PLAIN", "LOGIN"],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === "svc-mbnsync" && auth.password === SECRETS.SMTP_PASSWORD) {
        callback(null, { user: auth.username });
      } else callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        mails.push({
          raw: Buffer.concat(chunks).toString("utf8"),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          secured: session.secure,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  receiver = await startWebhookReceiver();
  httpPort = receiver.port;
  posts = receiver.posts;
  writeFileSync(join(dir, "smtp-password"), `${SECRETS.SMTP_PASSWORD}\n`, { mode: 0o600 });
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    smtp.close(resolve);
  });
  await receiver.close();
  await removeTempDirs();
});

beforeEach(() => {
  mails.length = 0;
  posts.length = 0;
});

interface Options {
  on?: string;
  email?: string;
  webhookPath?: string;
  format?: string;
}

/** A config as a user writes it: secrets from ${env:…} and a passwordFile, read by the real loader. */
async function config(options: Options = {}): Promise<Config> {
  const email =
    options.email ??
    `    host: localhost\n    port: ${smtpPort}\n    caFile: ./ca.pem\n    username: svc-mbnsync\n` +
      `    passwordFile: ./smtp-password\n    from: mbn-ad-sync@corp.example\n` +
      `    to: [it-ops@corp.example, oncall@corp.example]\n`;
  const file = join(dir, "config.yaml");
  writeFileSync(
    file,
    `source:\n  type: ldap\n  url: ldaps://dc1.corp.example\n  bindDn: CN=svc,DC=corp\n` +
      `  bindPassword: \${env:LDAP_PASSWORD}\n  baseDns: [DC=corp]\n` +
      `mbn:\n  baseUrl: https://api.mbn.example\n  clientId: c\n  clientSecret: \${env:MBN_CLIENT_SECRET}\n` +
      `  username: u\n  password: \${env:MBN_PASSWORD}\n  enterpriseId: E1001\n` +
      `state:\n  dir: ./state\n` +
      `notify:\n  on: ${options.on ?? "[failure, guard]"}\n  email:\n${email}` +
      `  webhook:\n    url: http://127.0.0.1:${httpPort}${options.webhookPath ?? "/hook"}/\${env:WEBHOOK_TOKEN}\n` +
      `    format: ${options.format ?? "json"}\n`,
  );
  return (await loadConfig({ configPath: file, env: SECRETS })).config;
}

function expectNoSecret(text: string): void {
  for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
}

describe("notify", () => {
  it("a guard trip sends one mail over verified STARTTLS with a login, and one webhook call, each with the hash and no secret", async () => {
    const result = await notify(guardReport(), 3, await config());
    expect(result).toEqual({
      sent: [
        "e-mail to it-ops@corp.example, oncall@corp.example",
        "webhook at 127.0.0.1:" + String(httpPort),
      ],
      warnings: [],
    });
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail).toMatchObject({
      from: "mbn-ad-sync@corp.example",
      to: ["it-ops@corp.example", "oncall@corp.example"],
      user: "svc-mbnsync",
      secured: true,
    });
    expect(mail?.raw).toMatch(/^Subject: =\?UTF-8\?/m); // the dash makes it an encoded word
    expect(mail?.raw).toContain("3f2a9c1b7d4e");
    expect(mail?.raw).toContain("filename=mbn-ad-sync-report.json");
    expectNoSecret(mail?.raw ?? "");

    expect(posts).toHaveLength(1);
    const post = posts[0]!;
    expect(post.path).toBe(`/hook/${SECRETS.WEBHOOK_TOKEN}`); // the token reached the receiver, in the URL only
    const body = JSON.parse(post.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      enterprise: "E1001",
      subject: "mbn-ad-sync E1001: guard stopped 412 deletes — approval needed",
      outcome: "guard",
      exitCode: 3,
      approve: "3f2a9c1b7d4e",
    });
    expectNoSecret(post.body);
  });

  it("sends nothing for an outcome `on` does not name", async () => {
    expect(await notify(syncReport(), 0, await config())).toEqual({ sent: [], warnings: [] });
    expect(mails).toHaveLength(0);
    expect(posts).toHaveLength(0);
  });

  it("a run that failed with an error is a failure, its message in the mail", async () => {
    const result = await notifyError(
      new Error("cannot bind to ldaps://dc1.corp.example"),
      69,
      await config(),
    );
    expect(result.warnings).toEqual([]);
    expect(mails[0]?.raw).toContain("cannot bind to ldaps://dc1.corp.example");
  });

  it("a channel that cannot be reached is a warning naming it, never a throw, and the other channel still goes", async () => {
    const unreachable = await config({
      email: `    host: 127.0.0.1\n    port: 1\n    from: a@corp.example\n    to: [b@corp.example]\n`,
      webhookPath: "/refuse",
    });
    const result = await notify(guardReport(), 3, unreachable);
    expect(result.sent).toEqual([]);
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings[0]).toContain(
      "notification e-mail not sent: cannot reach the SMTP server 127.0.0.1:1",
    );
    expect(result.warnings[1]).toBe(
      `notification webhook not called: the webhook at 127.0.0.1:${httpPort} answered 500 Internal Server Error`,
    );
    expectNoSecret(result.warnings.join("\n"));
  });

  it("refuses a certificate it cannot verify, saying where a CA goes", async () => {
    const untrusted = await config({
      email: `    host: localhost\n    port: ${smtpPort}\n    from: a@corp.example\n    to: [b@corp.example]\n`,
    });
    const result = await notify(guardReport(), 3, untrusted);
    expect(result.warnings[0]).toContain("notify.email.caFile");
    expect(mails).toHaveLength(0);
  });
});

describe("checkNotify", () => {
  it("verifies the SMTP login and resolves the webhook host without posting", async () => {
    const checks = await checkNotify(await config(), false);
    expect(checks).toEqual([
      {
        name: "notify-email",
        ok: true,
        detail: `localhost:${smtpPort}: connected (STARTTLS, certificate verified), logged in as svc-mbnsync`,
      },
      {
        name: "notify-webhook",
        ok: true,
        detail: `127.0.0.1:${httpPort} resolves to 127.0.0.1 (format json; not called)`,
      },
    ]);
    expect(mails).toHaveLength(0);
    expect(posts).toHaveLength(0);
  });

  it("with --notify-test, sends a test message through each channel", async () => {
    const checks = await checkNotify(await config({ format: "slack" }), true);
    expect(checks.map((c) => c.ok)).toEqual([true, true]);
    expect(checks[0]?.detail).toContain("test message sent to it-ops@corp.example, oncall@corp.example");
    expect(mails).toHaveLength(1);
    expect(mails[0]?.raw).toContain("check --notify-test");
    expect(JSON.parse(posts[0]?.body ?? "")).toEqual({
      text: expect.stringContaining("*mbn-ad-sync E1001: test notification*") as unknown,
    });
  });

  it("a refused login fails the check with 78, naming the key, and no secret", async () => {
    const wrong = await config();
    wrong.notify!.email!.password = "not-the-password";
    const [email] = await checkNotify(wrong, false);
    expect(email).toMatchObject({ name: "notify-email", ok: false, exitCode: 78 });
    expect(email?.detail).toContain("notify.email.username");
    expect(email?.detail).not.toContain("not-the-password");
  });
});
