import { describe, expect, it } from "vitest";
import { DataError } from "../../../src/model/errors.js";
import { makePlan, PLAN_FILE_VERSION, readPlanFile, writePlanFile } from "../../../src/plan/index.js";
import type { PlanFile } from "../../../src/plan/index.js";
import { MANAGED, PREFIX, contact, desired, handMade, planInput } from "./builders.js";

function sample(): Omit<PlanFile, "version"> {
  const plan = makePlan(
    planInput(
      [desired(1), desired(2, { title: "Lead" }), desired(3), desired(3, {}, { source: "twin" }), desired(5)],
      [contact(2, { notes: "hand" }), contact(4), handMade("h5", { email: "user5@corp.example" })],
      { adopt: { matchBy: ["email"] } },
    ),
  );
  return {
    createdAt: "2026-11-26T20:00:00.000Z",
    configFingerprint: "c".repeat(64),
    mappingFingerprint: "m".repeat(64),
    prefix: PREFIX,
    managedFields: [...MANAGED],
    plan,
  };
}

function expectDataError(run: () => unknown, message: string): void {
  expect(run).toThrow(DataError);
  expect(run).toThrow(message);
}

describe("plan file", () => {
  it("round-trips a plan with every kind of entry and conflict", () => {
    const content = sample();
    expect(content.plan.entries.map((e) => e.action)).toEqual(["create", "update", "update", "delete"]);
    expect(content.plan.conflicts).toHaveLength(1);
    const text = writePlanFile(content);
    expect(text.endsWith("}\n")).toBe(true);
    expect(readPlanFile(text, "plan.json")).toEqual({ version: PLAN_FILE_VERSION, ...content });
  });

  it("refuses a plan of version 1, whose hash covered a create's changes, and says to make it again", () => {
    const old = { ...(JSON.parse(writePlanFile(sample())) as object), version: 1 };
    expectDataError(
      () => readPlanFile(JSON.stringify(old), "plan.json"),
      "plan.json: plan file version 1 is not supported; this mbn-ad-sync reads version 2. Make the plan again",
    );
  });

  it("refuses a file whose entries were edited after it was written", () => {
    const file = JSON.parse(writePlanFile(sample())) as PlanFile;
    const first = file.plan.entries[0];
    if (first?.action !== "create") throw new Error("expected a create first");
    first.input.title = "Edited";
    expectDataError(
      () => readPlanFile(JSON.stringify(file), "plan.json"),
      "the file was changed after it was written",
    );
  });

  it("refuses a create whose changes were edited, which the hash does not cover", () => {
    const file = JSON.parse(writePlanFile(sample())) as PlanFile;
    const first = file.plan.entries[0];
    if (first?.action !== "create") throw new Error("expected a create first");
    const title = first.changes.find((c) => c.field === "title");
    if (!title) throw new Error("expected the create to set a title");
    title.to = "Edited";
    expect(() => readPlanFile(JSON.stringify({ ...file, plan: { ...file.plan } }), "plan.json")).toThrow(
      "plan.json: the changes listed for the create of ad:",
    );
    first.changes = first.changes.filter((c) => c !== title);
    expectDataError(
      () => readPlanFile(JSON.stringify(file), "plan.json"),
      "are not the fields its input sets; the file was changed after it was written",
    );
  });

  it("refuses another version and names the file", () => {
    const file = { ...(JSON.parse(writePlanFile(sample())) as object), version: 3 };
    expectDataError(
      () => readPlanFile(JSON.stringify(file), "ci/plan.json"),
      "ci/plan.json: plan file version 3 is not supported",
    );
  });

  it("refuses text that is not JSON", () => {
    expectDataError(() => readPlanFile("{ nope", "plan.json"), "plan.json: not a plan file (invalid JSON");
  });

  it("names the key of a malformed entry", () => {
    const file = JSON.parse(writePlanFile(sample())) as { plan: { entries: Record<string, unknown>[] } };
    file.plan.entries[1]!.baseVersion = "seven";
    expectDataError(() => readPlanFile(JSON.stringify(file), "plan.json"), "plan.entries.1");
  });
});
