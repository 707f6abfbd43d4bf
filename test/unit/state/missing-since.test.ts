import { join } from "node:path";
import { writeFile } from "node:fs/promises";
import { afterAll, describe, expect, it } from "vitest";
import { readState, writeState } from "../../../src/state/index.js";
import { contact, state, inlineFile } from "./builders.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";

afterAll(removeTempDirs);

describe("state.json: since when the users of pending deletes are missing", () => {
  it("round-trips the list", async () => {
    const file = join(await tempDir(), "state.json");
    const saved = {
      ...state([contact(1)]),
      missingSince: [{ externalId: "ad:0001", since: "2026-11-26T10:00:00.000Z" }],
    };
    await writeState(file, saved);
    expect((await readState(file)).state).toEqual(saved);
  });

  it("reads a file without the list (older versions) as none", async () => {
    const file = join(await tempDir(), "state.json");
    await writeState(file, state([contact(1)]));
    expect((await readState(file)).state?.missingSince).toBeUndefined();
  });

  it("refuses a list with a time that is not ISO, naming the key, as it refuses any bad state", async () => {
    const file = join(await tempDir(), "state.json");
    await writeFile(
      file,
      inlineFile({ ...state([]), missingSince: [{ externalId: "ad:1", since: "monday" }] }),
    );
    const { state: read, problem } = await readState(file);
    expect(read).toBeNull();
    expect(problem).toMatch(/missingSince\.0\.since/);
  });
});
