import { readFile, readdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emptyContactInput } from "../../../src/model/contact.js";
import type { Contact } from "../../../src/model/contact.js";
import { DataError } from "../../../src/model/errors.js";
import { startSimulator } from "../../../src/simulator/index.js";
import { ENTERPRISE, call, getToken } from "./client.js";
import type { ChangesBody } from "./client.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";

let dir: string;

beforeAll(async () => {
  dir = await tempDir("mbn-simulator-");
});
afterAll(removeTempDirs);

async function waitForFile(path: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try {
      await stat(path);
      return;
    } catch {
      await sleep(20);
    }
  }
  throw new Error(`${path} was never written`);
}

describe("dataFile", () => {
  it("writes changes atomically with mode 0600 and reloads them, tombstones and id counter included", async () => {
    const dataFile = join(dir, "mbn.json");
    const first = await startSimulator({ dataFile });
    const token = await getToken(first);
    const since = new Date(Date.now() - 1000).toISOString();
    const kept = (
      await call<Contact>(first, token, "POST", `${ENTERPRISE}/contacts`, {
        body: { ...emptyContactInput(), externalId: "ad:keep", displayName: "Kept", notes: "by hand" },
      })
    ).body;
    const gone = (
      await call<Contact>(first, token, "POST", `${ENTERPRISE}/contacts`, {
        body: { ...emptyContactInput(), displayName: "Gone" },
      })
    ).body;
    await call(first, token, "DELETE", `${ENTERPRISE}/contacts/${gone.id}`);

    // Written after the changes (debounced), before any close.
    await waitForFile(dataFile);
    await first.close();
    expect((await stat(dataFile)).mode & 0o777).toBe(0o600);
    expect((await readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(JSON.parse(await readFile(dataFile, "utf8")) as unknown).toMatchObject({ format: 1 });

    const second = await startSimulator({ dataFile });
    try {
      expect(second.contacts("E1001")).toEqual([kept]);
      const token2 = await getToken(second);
      const feed = await call<ChangesBody>(
        second,
        token2,
        "GET",
        `${ENTERPRISE}/contacts/changes?since=${since}`,
      );
      const tombstone = feed.body.changes[1];
      expect(feed.body.changes).toEqual([
        kept,
        { id: gone.id, deleted: true, modified: tombstone?.modified },
      ]);
      expect(tombstone!.modified > kept.modified).toBe(true);
      const next = (
        await call<Contact>(second, token2, "POST", `${ENTERPRISE}/contacts`, {
          body: { ...emptyContactInput(), displayName: "After reload" },
        })
      ).body;
      expect(next.id > gone.id).toBe(true);
      expect(next.modified > feed.body.changes[1]!.modified).toBe(true);
    } finally {
      await second.close();
    }
    const saved = JSON.parse(await readFile(dataFile, "utf8")) as {
      enterprises: Record<string, { contacts: Contact[] }>;
    };
    expect(saved.enterprises.E1001?.contacts).toHaveLength(2);
  });

  it("refuses a file that is not a simulator snapshot, naming it", async () => {
    const dataFile = join(dir, "corrupt.json");
    await writeFile(dataFile, '{"hello": "world"}');
    const started = startSimulator({ dataFile });
    await expect(started).rejects.toBeInstanceOf(DataError);
    await expect(started).rejects.toThrow(dataFile);
  });
});
