import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readState, writeState } from "../../../src/state/index.js";
import { contact, state, inlineFile } from "./builders.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";

afterAll(removeTempDirs);

async function stateFile(content?: string): Promise<string> {
  const file = join(await tempDir(), "state.json");
  if (content !== undefined) await writeFile(file, content);
  return file;
}

describe("readState / writeState", () => {
  it("reads a missing file as no state, without a problem", async () => {
    expect(await readState(await stateFile())).toEqual({ state: null });
  });

  it("round-trips every field, compact, mode 0600", async () => {
    const file = await stateFile();
    const saved = state([contact(1), contact(2, { address: null, phoneNumbers: [], version: 7 })]);
    await writeState(file, saved);
    expect(await readState(file)).toEqual({ state: saved });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, "utf8")).not.toContain("\n");
  });

  it("round-trips a state with no watermark and no last run", async () => {
    const file = await stateFile();
    const saved = state([], { watermark: null, lastFullReadAt: null, lastRun: null });
    await writeState(file, saved);
    expect((await readState(file)).state).toEqual(saved);
  });

  it.each([
    ["garbage", "this is not json {", /is not JSON/],
    ["a truncated file", inlineFile(state([contact(1), contact(2)])).slice(0, 300), /is not JSON/],
    ["an empty file", "", /is not JSON/],
    ["a JSON array", "[]", /is not a state file/],
    [
      "a newer format",
      JSON.stringify({ ...state([]), format: 3 }),
      /has format 3, this version reads formats 1 and 2/,
    ],
    ["format 2 without its mirror", JSON.stringify({ ...state([]), contacts: undefined }), /mirror/],
    [
      "a contact without version",
      inlineFile(state([contact(1)])).replace('"version":1,', ""),
      /contacts\.0\.version/,
    ],
    [
      "a bad phone type",
      inlineFile(
        state([contact(1, { phoneNumbers: [{ type: "pager" as "mobile", number: "+4791234567" }] })]),
      ),
      /contacts\.0\.phoneNumbers\.0\.type/,
    ],
    [
      "a second contact with a numeric email",
      inlineFile(state([contact(1), { ...contact(2), email: 7 as unknown as string }])),
      /contacts\.1\.email/,
    ],
    ["contacts that are not a list", inlineFile({ ...state([]), contacts: {} }), /contacts/],
    ["a bad watermark", inlineFile({ ...state([]), watermark: "yesterday" }), /watermark/],
    [
      "a contact listed twice",
      inlineFile(state([contact(1), contact(1)])),
      /lists contact c_0000000001 twice/,
    ],
  ])("reads %s as no state with a problem naming the file", async (_name, content, pattern) => {
    const file = await stateFile(content);
    const result = await readState(file);
    expect(result.state).toBeNull();
    expect(result.problem).toMatch(pattern);
    expect(result.problem).toContain(file);
  });

  it("reports a directory in place of the file as unreadable", async () => {
    const dir = await tempDir();
    const result = await readState(dir);
    expect(result).toEqual({ state: null, problem: `${dir} cannot be read (EISDIR)` });
  });

  it("replaces the previous state and leaves only state.json and its mirror", async () => {
    const file = await stateFile();
    await writeState(file, state([contact(1)]));
    await writeState(file, state([contact(2)]));
    expect((await readState(file)).state?.contacts.map((c) => c.id)).toEqual(["c_0000000002"]);
    expect((await readdir(join(file, ".."))).sort()).toEqual(["mirror.json", "state.json"]);
  });

  it("writes and reads 10,000 contacts", async () => {
    const file = await stateFile();
    const saved = state(Array.from({ length: 10_000 }, (_, i) => contact(i + 1)));
    await writeState(file, saved);
    const read = await readState(file);
    expect(read.state?.contacts).toHaveLength(10_000);
    expect(read.state).toEqual(saved);
  });
});
