import { stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/model/errors.js";
import { openStateDir } from "../../../src/state/index.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";

afterAll(removeTempDirs);

describe("openStateDir", () => {
  it("creates the directory and its parents with mode 0700 and names its files", async () => {
    const root = await tempDir();
    const dir = join(root, "a", "b");
    const paths = await openStateDir(dir);
    expect((await stat(dir)).isDirectory()).toBe(true);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect(paths).toEqual({
      dir,
      stateFile: join(dir, "state.json"),
      lockFile: join(dir, "lock"),
      auditFile: join(dir, "audit.jsonl"),
    });
  });

  it("accepts an existing directory", async () => {
    const dir = await tempDir();
    expect((await openStateDir(dir)).dir).toBe(dir);
  });

  it("names state.dir when a file is in the way", async () => {
    const root = await tempDir();
    const file = join(root, "taken");
    await writeFile(file, "x");
    const error = await openStateDir(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues[0]?.key).toBe("state.dir");
    expect((error as ConfigError).message).toContain(file);
    expect((error as ConfigError).exitCode).toBe(78);
  });
});
