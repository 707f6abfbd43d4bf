import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLdifSource } from "../../src/source/ldif/index.js";
import { measure } from "./measure.js";
import { count, ms, type BenchRow } from "./table.js";
import { syntheticLdif } from "./users.js";

/** Reads an ldifde-style export of `users` users through the LDIF source (file read, parse, users). */
export async function benchLdif(users: number): Promise<BenchRow> {
  const dir = await mkdtemp(join(tmpdir(), "mbn-bench-"));
  try {
    const file = join(dir, "users.ldif");
    const text = syntheticLdif(users);
    await writeFile(file, text);
    const source = createLdifSource({ file, disabledAccounts: "exclude" });
    await createLdifSource({ file, disabledAccounts: "exclude" }).read({ attributes: [] }); // warm-up
    // As a run reads it: each user handed to onUser and not kept by the source.
    let read = 0;
    const run = await measure(() =>
      source.read({
        attributes: [],
        onUser: () => {
          read++;
        },
      }),
    );
    const kept = await measure(() => source.read({ attributes: [] }));
    const mb = Buffer.byteLength(text) / 1024 / 1024;
    return {
      measure: `LDIF read of ${count(users)} users`,
      value: ms(run.wallMs),
      note:
        `${ms(run.cpuMs)} CPU; ${count(read)} users from ${mb.toFixed(1)} MiB, ` +
        `${(mb / (run.wallMs / 1000)).toFixed(1)} MiB/s, ` +
        `${count(Math.round(read / (run.cpuMs / 1000)))} users/CPU-s; ` +
        `returning every user instead of handing each over: ${ms(kept.cpuMs)} CPU`,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
