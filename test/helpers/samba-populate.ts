import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { populationLdif, type Population } from "../fixtures/ad/index.js";
import { adminBindArgs, type SambaDcInfo } from "./samba-dc.js";

const run = promisify(execFile);

/** Adds the entries of an LDIF file as the administrator. */
export async function ldapadd(dc: SambaDcInfo, file: string): Promise<void> {
  // Over the DC's local socket: no TLS to set up, and ldapadd sends one add after another.
  await run("ldapadd", [...adminBindArgs(dc), "-f", file], {
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Loads the population: containers, then the users in parallel chunks, then the nested groups. */
export async function populate(dc: SambaDcInfo, population: Population, parallel = 4): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "mbn-ldif-"));
  try {
    const ldif = populationLdif(population, parallel);
    const write = async (name: string, text: string): Promise<string> => {
      const file = join(dir, name);
      await writeFile(file, text);
      return file;
    };
    await ldapadd(dc, await write("containers.ldif", ldif.containers));
    const chunks = await Promise.all(ldif.users.map((text, i) => write(`users-${i}.ldif`, text)));
    await Promise.all(chunks.map((file) => ldapadd(dc, file)));
    await ldapadd(dc, await write("groups.ldif", ldif.groups));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
