import { describe, expect, it } from "vitest";
import { renderPreviewJson, renderPreviewText, type PreviewReport } from "../../../src/report/index.js";

const GUID = "512fa37d-d7eb-41d8-a99c-4d232ca353da";

const report: PreviewReport = {
  version: 1,
  source: "LDIF file users.ldif",
  user: {
    dn: "CN=Kari Nordmann,OU=Staff,DC=corp,DC=example",
    guid: GUID,
    attributes: {
      givenname: ["Kari"],
      objectclass: ["top", "user"],
      objectguid: [GUID],
      othertelephone: [],
    },
  },
  contact: {
    externalId: `ad:${GUID}`,
    firstName: "Kari",
    title: null,
    phoneNumbers: [{ type: "mobile", number: "+4791234567" }],
  },
  managedFields: ["firstName", "title", "phoneNumbers"],
  skipped: null,
  warnings: [{ source: "kari", field: "email", message: '"n/a" is not an e-mail address; left out' }],
};

describe("renderPreviewText", () => {
  it("shows the attributes (every value), every managed field (empty ones too) and the warnings", () => {
    expect(renderPreviewText(report)).toBe(
      [
        "User CN=Kari Nordmann,OU=Staff,DC=corp,DC=example",
        "  from LDIF file users.ldif",
        "",
        "Source attributes:",
        '  givenname       "Kari"',
        '  objectclass     "top"',
        '                  "user"',
        `  objectguid      "${GUID}"`,
        "  othertelephone  (empty)",
        "",
        "Contact:",
        `  externalId    "ad:${GUID}"`,
        '  firstName     "Kari"',
        "  title         (empty)",
        "  phoneNumbers  +4791234567 (mobile)",
        "",
        "Warnings (1):",
        '  email: "n/a" is not an e-mail address; left out',
        "",
      ].join("\n"),
    );
  });

  it("shows the skip reason instead of a contact, and says when there are no warnings", () => {
    const text = renderPreviewText({
      ...report,
      contact: null,
      skipped: { source: "kari", reason: "no name: firstName, lastName and displayName are all empty" },
      warnings: [],
    });
    expect(text).toContain("\nSkipped: no name: firstName, lastName and displayName are all empty\n");
    expect(text).not.toContain("Contact:");
    expect(text).toMatch(/\nNo warnings\.\n$/);
  });
});

describe("renderPreviewJson", () => {
  it("gives { version, user, contact, skipped, warnings }", () => {
    const json = JSON.parse(renderPreviewJson(report)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(["version", "user", "contact", "skipped", "warnings"]);
    expect(json).toEqual({
      version: 1,
      user: report.user,
      contact: report.contact,
      skipped: null,
      warnings: report.warnings,
    });
  });
});
