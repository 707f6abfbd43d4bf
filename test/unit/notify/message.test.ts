import { describe, expect, it } from "vitest";
import { buildMessage, outcomeOf, wanted, webhookBody } from "../../../src/notify/index.js";
import type { SyncReport } from "../../../src/report/index.js";
import { syncReport } from "../report/builders.js";
import { change, guardReport } from "./builders.js";

describe("notification message", () => {
  it("names the enterprise, the outcome and the counts in the subject, the hash to approve in the body", () => {
    const message = buildMessage(outcomeOf(guardReport()), 3, "E1001");
    expect(message.subject).toBe("mbn-ad-sync E1001: guard stopped 412 deletes — approval needed");
    expect(message.approve).toBe("3f2a9c1b7d4e");
    expect(message.text).toContain("Plan hash to approve: 3f2a9c1b7d4e");
    expect(message.text).toContain("`--approve-deletes 3f2a9c1b7d4e` to let exactly this plan through");
    expect(message.text).toContain("Nothing was written to MBN: a guard stopped the run.");
    expect(message.text).toContain("Planned: 0 creates, 0 updates, 412 deletes (plan 3f2a9c1b7d4e).");
    expect(message.text).toContain("Exit code 3.");
    expect(JSON.parse(message.reportJson ?? "")).toEqual(guardReport());
  });

  it("groups warnings by kind, largest first, users sorted, the first three named", () => {
    const { text } = buildMessage(outcomeOf(guardReport()), 3, "E1001");
    const lines = text.split("\n");
    const at = lines.indexOf("Warnings (6):");
    expect(lines.slice(at + 1, at + 3)).toEqual([
      "  mobile: extension … of … dropped: MBN stores numbers in E.164 without extensions — 5 users: u00109, u00189, u00269 and 2 more",
      "  email: … is not an e-mail address; left out — 1 user: u00001",
    ]);
  });

  it("says how many deletes wait out sync.deleteAfter, and when the first falls due", () => {
    const pending = (due: string) => ({
      externalId: `ad:${due}`,
      contactId: "c1",
      name: "Kari Nordmann",
      missingSince: "2026-11-20T00:00:00.000Z",
      due,
    });
    const report: SyncReport = {
      ...guardReport(),
      pendingDeletes: [pending("2026-12-09T00:00:00.000Z"), pending("2026-12-02T00:00:00.000Z")],
    };
    const { text } = buildMessage(outcomeOf(report), 3, "E1001");
    expect(text).toContain(
      "Pending deletes: 2, kept until sync.deleteAfter has passed (the first due 2026-12-02T00:00:00.000Z).",
    );
  });

  it("words each outcome", () => {
    const subject = (report: SyncReport): string => buildMessage(outcomeOf(report), 0, "E1").subject;
    const done = [change("create", "done", 1), change("update", "done", 2), change("delete", "done", 3)];
    expect(subject(syncReport({ mode: "apply", changes: done }))).toBe(
      "mbn-ad-sync E1: 1 created, 1 updated, 1 deleted",
    );
    expect(subject(syncReport({ changes: [change("create", "planned", 1)] }))).toBe(
      "mbn-ad-sync E1: dry run — would create 1, update 0, delete 0",
    );
    expect(subject(syncReport())).toBe("mbn-ad-sync E1: in sync — no changes");
    const failed = syncReport({
      mode: "apply",
      changes: [change("create", "done", 1), change("update", "failed", 2)],
    });
    expect(subject(failed)).toBe("mbn-ad-sync E1: 1 write failed — 1 created, 0 updated, 0 deleted");
    const stopped = syncReport({
      mode: "apply",
      interrupted: true,
      changes: [change("create", "done", 1), change("create", "not-attempted", 2)],
    });
    expect(subject(stopped)).toBe(
      "mbn-ad-sync E1: interrupted — 1 created, 0 updated, 0 deleted, 1 not attempted",
    );
    expect(
      buildMessage({ kind: "error", message: "cannot bind to ldaps://dc1\nmore" }, 69, "E1").subject,
    ).toBe("mbn-ad-sync E1: run failed — cannot bind to ldaps://dc1");
  });

  it("notifies of what `on` names", () => {
    const guard = outcomeOf(guardReport());
    const quiet = outcomeOf(syncReport());
    const changed = outcomeOf(syncReport({ changes: [change("create", "planned", 1)] }));
    expect(wanted(["failure"], guard)).toBe(false);
    expect(wanted(["guard"], guard)).toBe(true);
    expect(wanted(["failure", "guard"], { kind: "error", message: "x" })).toBe(true);
    expect(wanted(["changes"], changed)).toBe(true);
    expect(wanted(["changes", "failure", "guard"], quiet)).toBe(false);
    expect(wanted(["always"], quiet)).toBe(true);
  });

  it("shapes the webhook body for json, teams and slack", () => {
    const message = buildMessage(outcomeOf(guardReport()), 3, "E1001");
    const url = "https://hooks.example/x";
    expect(webhookBody({ url, format: "json" }, message, "E1001")).toMatchObject({
      enterprise: "E1001",
      outcome: "guard",
      exitCode: 3,
      approve: "3f2a9c1b7d4e",
      subject: message.subject,
      report: { planHash: guardReport().planHash },
    });
    const slack = webhookBody({ url, format: "slack" }, message, "E1001") as { text: string };
    expect(slack.text.startsWith(`*${message.subject}*`)).toBe(true);
    const teams = webhookBody({ url, format: "teams" }, message, "E1001") as {
      attachments: { contentType: string; content: { type: string; body: { text: string }[] } }[];
    };
    expect(teams.attachments[0]?.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(teams.attachments[0]?.content.body[0]?.text).toBe(message.subject);
  });
});
