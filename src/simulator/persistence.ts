import { readFile } from "node:fs/promises";
import { z } from "zod";
import { writeFileAtomic } from "../fs/atomic-write.js";
import { DataError } from "../model/errors.js";
import type { StoreSnapshot } from "./store.js";

const DEBOUNCE_MS = 50;

// Loose on purpose: the file is the simulator's own; this catches a wrong or truncated file, not every field.
const snapshotSchema = z.object({
  format: z.literal(1),
  nextId: z.number().int().positive(),
  lastModified: z.string().nullable(),
  enterprises: z.record(
    z.string(),
    z.object({
      contacts: z.array(z.looseObject({ id: z.string(), version: z.number(), modified: z.string() })),
      tombstones: z.array(z.object({ id: z.string(), deleted: z.literal(true), modified: z.string() })),
    }),
  ),
});

function notASnapshot(path: string, detail: string, cause: unknown): DataError {
  return new DataError(
    `The simulator data file ${path} is not a simulator snapshot (${detail}); move it away or delete it to start empty`,
    { cause },
  );
}

/** Reads the data file; undefined when it does not exist yet. */
export async function readDataFile(path: string): Promise<StoreSnapshot | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new DataError(`Cannot read the simulator data file ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw notASnapshot(path, `not JSON: ${(error as Error).message}`, error);
  }
  const result = snapshotSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "(top level)";
    throw notASnapshot(path, `${where}: ${issue?.message ?? "unexpected shape"}`, result.error);
  }
  // The contacts were validated when they were written; the schema only guards the file's shape.
  return result.data as unknown as StoreSnapshot;
}

/** Writes snapshots after changes: debounced, one write at a time, each atomic (tmp + rename) and mode 0600. */
export class DataFileWriter {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private failure: Error | undefined;

  constructor(
    private readonly path: string,
    private readonly snapshot: () => StoreSnapshot,
  ) {}

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, DEBOUNCE_MS);
  }

  /** Writes now, after any write in progress; a failure is kept and reported by close(). */
  flush(): Promise<void> {
    const json = JSON.stringify(this.snapshot(), null, 2);
    this.writing = this.writing
      .then(() => writeFileAtomic(this.path, json, 0o600))
      .catch((error: unknown) => {
        this.failure = error as Error;
      });
    return this.writing;
  }

  async close(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    await this.flush();
    if (this.failure) {
      throw new DataError(
        `Cannot write the simulator data file ${this.path}: ${this.failure.message}; check the directory exists and is writable`,
        { cause: this.failure },
      );
    }
  }
}
