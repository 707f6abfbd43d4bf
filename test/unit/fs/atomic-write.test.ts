import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../../src/fs/atomic-write.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";

afterAll(removeTempDirs);

describe("writeFileAtomic", () => {
  it("writes the content with mode 0600 and leaves no temporary file", async () => {
    const dir = await tempDir();
    const file = join(dir, "state.json");
    await writeFileAtomic(file, '{"a":1}');
    expect(await readFile(file, "utf8")).toBe('{"a":1}');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(["state.json"]);
  });

  it("writes content given in pieces, in order, each whole", async () => {
    const dir = await tempDir();
    const file = join(dir, "state.json");
    const pieces = ["[", "ø".repeat(70_000), ",", "x".repeat(3), "]"];
    await writeFileAtomic(file, pieces.values());
    expect(await readFile(file, "utf8")).toBe(pieces.join(""));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(["state.json"]);
  });

  it("replaces an existing file, even a world-readable one, with a private one", async () => {
    const dir = await tempDir();
    const file = join(dir, "state.json");
    await writeFile(file, "old content that is longer", { mode: 0o644 });
    await writeFileAtomic(file, "new");
    expect(await readFile(file, "utf8")).toBe("new");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(["state.json"]);
  });

  it("honours another mode and writes bytes", async () => {
    const dir = await tempDir();
    const file = join(dir, "data.bin");
    await writeFileAtomic(file, new Uint8Array([0, 1, 2, 255]), 0o640);
    expect([...(await readFile(file))]).toEqual([0, 1, 2, 255]);
    expect((await stat(file)).mode & 0o777).toBe(0o640);
  });

  it("keeps concurrent writers apart: the file holds one whole version", async () => {
    const dir = await tempDir();
    const file = join(dir, "state.json");
    const versions = Array.from({ length: 20 }, (_, i) => JSON.stringify({ i, pad: "x".repeat(10_000 + i) }));
    await Promise.all(versions.map((v) => writeFileAtomic(file, v)));
    expect(versions).toContain(await readFile(file, "utf8"));
    expect(await readdir(dir)).toEqual(["state.json"]);
  });

  it("fails without leaving a temporary file when the directory is missing", async () => {
    const dir = await tempDir();
    await expect(writeFileAtomic(join(dir, "nope", "state.json"), "x")).rejects.toMatchObject({
      code: "ENOENT",
    });
    expect(await readdir(dir)).toEqual([]);
  });
});
