import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  MAX_APPLIED_PLANS,
  findApplied,
  readState,
  withApplied,
  writeState,
  type AppliedPlan,
} from "../../../src/state/index.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";
import { contact, state, inlineFile } from "./builders.js";

afterAll(removeTempDirs);

function applied(n: number): AppliedPlan {
  return {
    hash: n.toString(16).padStart(64, "0"),
    createdAt: new Date(Date.UTC(2026, 10, 1, 0, n)).toISOString(),
    appliedAt: new Date(Date.UTC(2026, 10, 1, 1, n)).toISOString(),
  };
}

describe("applied plans in the state", () => {
  it("round-trip through state.json", async () => {
    const file = join(await tempDir(), "state.json");
    const saved = state([contact(1)], { appliedPlans: [applied(1), applied(2)] });
    await writeState(file, saved);
    expect((await readState(file)).state).toEqual(saved);
  });

  it("are optional: a state file written before they existed still loads, with none", async () => {
    const file = join(await tempDir(), "state.json");
    await writeFile(file, inlineFile(state([contact(1)])));
    const { state: read, problem } = await readState(file);
    expect(problem).toBeUndefined();
    expect(read?.contacts).toHaveLength(1);
    expect(read?.appliedPlans).toBeUndefined();
  });

  it("make a state unusable when malformed, like any other field", async () => {
    const file = join(await tempDir(), "state.json");
    await writeFile(
      file,
      inlineFile(state([], { appliedPlans: [{ ...applied(1), appliedAt: "yesterday" }] })),
    );
    expect((await readState(file)).problem).toMatch(/appliedPlans\.0\.appliedAt/);
  });

  it(`keep the newest ${MAX_APPLIED_PLANS}, so the file does not grow forever`, () => {
    let list: AppliedPlan[] = [];
    for (let n = 1; n <= MAX_APPLIED_PLANS + 5; n++) list = withApplied(list, applied(n));
    expect(list).toHaveLength(MAX_APPLIED_PLANS);
    expect(list[0]).toEqual(applied(6));
    expect(list.at(-1)).toEqual(applied(MAX_APPLIED_PLANS + 5));
  });

  it("name a plan file by hash and creation time: the same entries planned again are a new plan", () => {
    const list = [applied(1)];
    const { hash, createdAt } = applied(1);
    expect(findApplied(list, { hash, createdAt })).toEqual(applied(1));
    expect(findApplied(list, { hash, createdAt: "2026-12-01T00:00:00.000Z" })).toBeUndefined();
    expect(findApplied(list, { hash: applied(2).hash, createdAt })).toBeUndefined();
  });
});
