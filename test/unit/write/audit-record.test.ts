import { describe, expect, it } from "vitest";
import { makePlan, type PlanEntry } from "../../../src/plan/index.js";
import { auditRecord } from "../../../src/write/index.js";
import { contact, desired, key, planInput } from "../plan/builders.js";

const at = new Date("2026-11-30T03:00:00.000Z");

function entries(): Record<PlanEntry["action"], PlanEntry> {
  const p = makePlan(planInput([desired(1), desired(2, { title: "Boss" })], [contact(2), contact(3)]));
  const by = (a: PlanEntry["action"]): PlanEntry => {
    const e = p.entries.find((x) => x.action === a);
    if (!e) throw new Error(`no ${a} planned`);
    return e;
  };
  return { create: by("create"), update: by("update"), delete: by("delete") };
}

describe("auditRecord", () => {
  it("records a create with the new contact's id and the fields sent", () => {
    const { create } = entries();
    const record = auditRecord({ entry: create, status: "ok", contact: { ...contact(1), id: "c_9" } }, at);
    expect(record).toMatchObject({
      time: "2026-11-30T03:00:00.000Z",
      action: "create",
      externalId: key(1),
      contactId: "c_9",
      before: null,
      result: "ok",
    });
    expect(record?.after).toMatchObject({ firstName: "First1", title: "Engineer" });
  });

  it("records an update's changed fields before and after, and a failure's message", () => {
    const { update } = entries();
    const record = auditRecord(
      { entry: update, status: "failed", error: { message: "412", status: 412 } },
      at,
    );
    expect(record).toEqual({
      time: at.toISOString(),
      action: "update",
      externalId: key(2),
      contactId: contact(2).id,
      before: { title: "Engineer" },
      after: { title: "Boss" },
      result: "failed",
      error: "412",
    });
  });

  it("records a delete with the whole contact as it was", () => {
    const { delete: del } = entries();
    const record = auditRecord({ entry: del, status: "ok" }, at);
    expect(record).toMatchObject({ action: "delete", contactId: contact(3).id, after: null, result: "ok" });
    expect(record?.before).toMatchObject({ firstName: "First3", externalId: key(3) });
  });

  it("records nothing for a write never started", () => {
    const { create } = entries();
    expect(auditRecord({ entry: create, status: "not-attempted" }, at)).toBeNull();
  });
});
