import { describe, expect, it } from "vitest";
import { makePlan, type PlanEntry } from "../../../src/plan/index.js";
import { toInput } from "../../../src/model/contact.js";
import { auditRecord } from "../../../src/write/index.js";
import { contact, desired, fieldsFor, handMade, key, MANAGED, planInput } from "../plan/builders.js";

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

/** Every managed field of user n, as the plan sends it. */
const managedOf = (n: number, overrides = {}): Record<string, unknown> => ({ ...fieldsFor(n), ...overrides });

describe("auditRecord", () => {
  it("records a create with the new contact's id and every managed field sent", () => {
    const { create } = entries();
    const record = auditRecord(
      { entry: create, status: "ok", contact: { ...contact(1), id: "c_9" } },
      at,
      MANAGED,
    );
    expect(record).toEqual({
      time: "2026-11-30T03:00:00.000Z",
      action: "create",
      externalId: key(1),
      contactId: "c_9",
      before: null,
      after: managedOf(1),
      result: "ok",
    });
  });

  it("records every managed field of an update before and after, not only the changed ones, and a failure's message", () => {
    const { update } = entries();
    const record = auditRecord(
      { entry: update, status: "failed", error: { message: "400 invalid", status: 400 } },
      at,
      MANAGED,
    );
    expect(record).toEqual({
      time: at.toISOString(),
      action: "update",
      externalId: key(2),
      contactId: contact(2).id,
      before: managedOf(2),
      after: managedOf(2, { title: "Boss" }),
      result: "failed",
      error: "400 invalid",
    });
  });

  it("records an adoption's key before and after along with the managed fields", () => {
    const p = makePlan(
      planInput([desired(5)], [handMade("h1", { ...fieldsFor(5) })], { adopt: { matchBy: ["email"] } }),
    );
    const [adopt] = p.entries;
    if (adopt?.action !== "update") throw new Error("no adoption planned");
    const record = auditRecord(
      { entry: adopt, status: "ok", contact: contact(5, { id: "h1" }) },
      at,
      MANAGED,
    );
    expect(record?.before).toEqual({ ...managedOf(5), externalId: null });
    expect(record?.after).toEqual({ ...managedOf(5), externalId: key(5) });
  });

  it("records a create found already present (MBN's 409 on our own earlier create) as such, never as ok", () => {
    const { create } = entries();
    const ours = { ...contact(1), id: "c_ours" };
    const record = auditRecord(
      { entry: create, status: "already-present", contact: ours, basis: toInput(ours) },
      at,
      MANAGED,
    );
    expect(record).toMatchObject({ action: "create", contactId: "c_ours", result: "already-present" });
    expect(record?.before).toEqual(managedOf(1));
    expect(record?.after).toEqual(managedOf(1));
  });

  it("records the fields of the contact re-read after a 412 as the before of the write made against it", () => {
    const { update } = entries();
    const fresh = contact(2, { version: 3, department: "Sales" });
    const record = auditRecord(
      { entry: update, status: "ok", contact: { ...fresh, title: "Boss" }, basis: toInput(fresh) },
      at,
      MANAGED,
    );
    expect(record?.before).toEqual(managedOf(2, { department: "Sales" }));
  });

  it("records a stale item as stale with its reason, and a delete of a contact already gone as such", () => {
    const { update, delete: del } = entries();
    const reason = "contact c0002 changed or was deleted in MBN since the plan was made";
    expect(
      auditRecord({ entry: update, status: "stale", error: { message: reason, status: 412 } }, at, MANAGED),
    ).toMatchObject({ result: "stale", reason });
    expect(auditRecord({ entry: del, status: "already-gone" }, at, MANAGED)).toMatchObject({
      result: "already-gone",
      after: null,
    });
  });

  it("records a delete with the whole contact as it was", () => {
    const { delete: del } = entries();
    const record = auditRecord({ entry: del, status: "ok" }, at, MANAGED);
    expect(record).toMatchObject({ action: "delete", contactId: contact(3).id, after: null, result: "ok" });
    expect(record?.before).toMatchObject({ firstName: "First3", externalId: key(3) });
  });

  it("records nothing for a write never started", () => {
    const { create } = entries();
    expect(auditRecord({ entry: create, status: "not-attempted" }, at, MANAGED)).toBeNull();
  });
});
