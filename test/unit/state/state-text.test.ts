import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeState } from "../../../src/state/index.js";
import { stateText } from "../../../src/state/state-text.js";
import { contact, state } from "./builders.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";

afterAll(removeTempDirs);

/** Enough contacts (with non-ASCII names) for the text to come in many pieces. */
const large = state(
  Array.from({ length: 1500 }, (_, i) => contact(i + 1, { firstName: `Kåre ${i}`, lastName: "Ørsted" })),
  {
    missingSince: [{ externalId: "ad:1", since: "2026-11-20T10:00:00.000Z" }],
    appliedPlans: undefined,
  },
);

describe("stateText", () => {
  it("is JSON.stringify(state), in more than one piece for a large mirror", () => {
    const pieces = [...stateText(large)];
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join("")).toBe(JSON.stringify(large));
  });

  it("is JSON.stringify(state) for an empty mirror, members left undefined left out", () => {
    const empty = state([], { watermark: null, lastRun: null, directory: undefined });
    expect([...stateText(empty)].join("")).toBe(JSON.stringify(empty));
  });

  it("is what writeState puts in the file, byte for byte", async () => {
    const file = join(await tempDir(), "state.json");
    await writeState(file, large);
    expect(await readFile(file, "utf8")).toBe(JSON.stringify(large));
  });
});
