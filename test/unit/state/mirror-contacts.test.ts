import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readState, writeState } from "../../../src/state/index.js";
import { contact, state } from "./builders.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";

afterAll(removeTempDirs);

const statePath = async (): Promise<string> => join(await tempDir(), "state.json");
const mirrorOf = (file: string): string => join(file, "..", "mirror.json");
const json = async (file: string): Promise<Record<string, unknown>> =>
  JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;

describe("mirror.json beside state.json (format 2)", () => {
  it("holds the contacts; state.json names it by generation and count, both mode 0600", async () => {
    const file = await statePath();
    const saved = state([contact(1), contact(2)]);
    await writeState(file, saved);
    const top = await json(file);
    const mirror = await json(mirrorOf(file));
    expect(top).not.toHaveProperty("contacts");
    expect(top).toMatchObject({ format: 2, mirror: { file: "mirror.json", contacts: 2 } });
    expect(mirror).toEqual({
      format: 2,
      generation: (top["mirror"] as { generation: string }).generation,
      contacts: saved.contacts,
    });
    expect((await stat(mirrorOf(file))).mode & 0o777).toBe(0o600);
    expect(await readState(file)).toEqual({ state: saved });
  });

  it("is not written again when a run saves the contacts it read, unchanged; state.json is", async () => {
    const file = await statePath();
    await writeState(file, state([contact(1)]));
    const before = await stat(mirrorOf(file));
    const read = (await readState(file)).state;
    if (!read) throw new Error("no state");
    await writeState(file, { ...read, watermark: "2026-11-21T10:00:00.000Z" });
    expect((await stat(mirrorOf(file))).mtimeMs).toBe(before.mtimeMs);
    expect((await stat(mirrorOf(file))).ino).toBe(before.ino);
    expect((await readState(file)).state).toEqual({ ...read, watermark: "2026-11-21T10:00:00.000Z" });
  });

  it("is written again, with a new generation, when the contacts are another list", async () => {
    const file = await statePath();
    await writeState(file, state([contact(1)]));
    const first = ((await json(file))["mirror"] as { generation: string }).generation;
    const read = (await readState(file)).state;
    if (!read) throw new Error("no state");
    await writeState(file, { ...read, contacts: [...read.contacts, contact(2)] });
    const second = ((await json(file))["mirror"] as { generation: string }).generation;
    expect(second).not.toBe(first);
    expect((await readState(file)).state?.contacts).toHaveLength(2);
  });

  it("freezes the contacts it read: a change in place fails instead of going unsaved", async () => {
    const file = await statePath();
    await writeState(file, state([contact(1)]));
    const read = (await readState(file)).state;
    expect(() => read?.contacts.push(contact(2))).toThrow(TypeError);
  });

  it("writes it when saved to another directory, though the list was read elsewhere", async () => {
    const file = await statePath();
    await writeState(file, state([contact(1)]));
    const read = (await readState(file)).state;
    if (!read) throw new Error("no state");
    const copy = await statePath();
    await writeState(copy, read);
    expect((await readState(copy)).state).toEqual(read);
  });

  it("reads a format 1 file (contacts inline) and writes format 2 next", async () => {
    const file = await statePath();
    const old = { ...state([contact(1)]), format: 1 };
    await writeFile(file, JSON.stringify(old));
    const read = (await readState(file)).state;
    expect(read).toEqual({ ...old, format: 2 });
    if (!read) throw new Error("no state");
    await writeState(file, read);
    expect(await json(file)).toMatchObject({ format: 2, mirror: { contacts: 1 } });
    expect((await readState(file)).state).toEqual(read);
  });

  it.each([
    ["missing", async (m: string) => writeFile(m + ".gone", "") /* no mirror at all */, /is missing/],
    [
      "of another generation",
      async (m: string) => writeFile(m, '{"format":2,"generation":"x","contacts":[]}'),
      /another generation/,
    ],
    ["not JSON", async (m: string) => writeFile(m, "{ torn"), /is not JSON/],
  ])("does not use a state whose mirror.json is %s, naming both files", async (_name, spoil, pattern) => {
    const file = await statePath();
    await writeState(file, state([contact(1)]));
    if (_name === "missing") await (await import("node:fs/promises")).rm(mirrorOf(file));
    else await spoil(mirrorOf(file));
    const result = await readState(file);
    expect(result.state).toBeNull();
    expect(result.problem).toMatch(pattern);
    expect(result.problem).toContain(file);
    expect(result.problem).toContain(mirrorOf(file));
  });

  it("does not use a mirror holding another number of contacts than state.json says", async () => {
    const file = await statePath();
    await writeState(file, state([contact(1), contact(2)]));
    const mirror = await json(mirrorOf(file));
    await writeFile(mirrorOf(file), JSON.stringify({ ...mirror, contacts: [contact(1)] }));
    expect((await readState(file)).problem).toMatch(/another number of contacts/);
  });
});
