/**
 * An idle delta read's LDAP time as a ratio of a full read's, side by side in one run, on a throwaway Samba AD
 * DC: `npx tsx scripts/bench-delta.ts [users=1600] [rounds=7]`. Each read is a whole source read (connect,
 * bind, searches, unbind); the medians of `rounds` full reads and of `rounds` deltas of each kind are compared,
 * for a scope of base DNs and one of a nested scope group. "idle": nothing was written since the full read (the
 * DC's highestCommittedUSN has not moved); "quiet": an OU's description was written, so the USN moved but no
 * user, group or tombstone changed, as on a domain in use. Every request of the last delta of each kind is
 * listed with its time. Needs Samba (root).
 */
import { Client, type ClientOptions } from "ldapts";
import { createLdapSource, type LdapSourceOptions } from "../src/source/ldap/index.js";
import type { DirectoryWatermark, SourceReadResult } from "../src/source/types.js";
import { buildPopulation } from "../test/fixtures/ad/index.js";
import { provisionSambaDc, stopSambaDc } from "../test/helpers/samba-dc.js";
import { ldapOptionsFor } from "../test/helpers/samba-options.js";
import { populate } from "../test/helpers/samba-populate.js";
import { ldapModify } from "../test/integration/ldap/delta-helpers.js";

const users = Number(process.argv[2] ?? 1600);
const rounds = Number(process.argv[3] ?? 7);
const ATTRS = ["givenName", "sn", "displayName", "mail", "mobile", "telephoneNumber", "title"];
const DAY = 86_400_000;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const ms = (xs: number[]): string => xs.map((x) => x.toFixed(0)).join(", ");

/** Every request of a read, with its time from sending to the last page: what an idle delta spends. */
let requests: string[] = [];
function timedClient(options: ClientOptions): Client {
  const client = new Client(options);
  const search = client.searchPaginated.bind(client);
  client.searchPaginated = async function* (base, opts, controls) {
    const t = performance.now();
    let entries = 0;
    for await (const page of search(base, opts, controls)) {
      entries += page.searchEntries.length;
      yield page;
    }
    const filter = String(opts?.filter ?? "").slice(0, 70);
    requests.push(
      `${(performance.now() - t).toFixed(1).padStart(7)} ms  ${entries} entries  ${String(base) || "(rootDSE)"}  ${filter}`,
    );
  };
  const bind = client.bind.bind(client);
  client.bind = async (...args: Parameters<Client["bind"]>) => {
    const t = performance.now();
    await bind(...args);
    requests.push(`${(performance.now() - t).toFixed(1).padStart(7)} ms  connect (TLS) and bind`);
  };
  return client;
}

const dc = await provisionSambaDc({ label: "bench-delta", maxRuntimeS: 1200 });
try {
  const population = buildPopulation({ baseDn: dc.baseDn, staffCount: users });
  await populate(dc, population);
  for (const scope of ["base", "groups"] as const) {
    const options: LdapSourceOptions = ldapOptionsFor(
      dc,
      population,
      scope === "groups" ? { memberOf: [`CN=MBN Directory,OU=Groups,${dc.baseDn}`] } : {},
    );
    const source = createLdapSource(options, { createClient: timedClient });
    const read = (previous: DirectoryWatermark | null): Promise<SourceReadResult> =>
      source.read({
        attributes: ATTRS,
        incremental: { previous, full: false, fullReadAfterMs: DAY, now: new Date() },
      });
    const full: number[] = [];
    const kinds = { idle: [] as number[], quiet: [] as number[] };
    const listed: Record<string, string[]> = {};
    let inScope = 0;
    // Alternated, so that a slower moment of the machine weighs on all alike.
    for (let round = 0; round < rounds; round++) {
      let t = performance.now();
      const f = await read(null);
      full.push(performance.now() - t);
      inScope = f.users.length;
      for (const kind of ["idle", "quiet"] as const) {
        if (kind === "quiet") {
          const ldif = `dn: OU=Groups,${dc.baseDn}\nchangetype: modify\nreplace: description\ndescription: round ${round}\n`;
          await ldapModify(dc, ldif);
        }
        requests = [];
        t = performance.now();
        const d = await read(f.incremental?.watermark ?? null);
        kinds[kind].push(performance.now() - t);
        listed[kind] = requests;
        if (d.incremental?.info.mode !== "delta" || d.incremental.info.entriesRead !== 0) {
          throw new Error(`the ${kind} read was not an empty delta: ${JSON.stringify(d.incremental?.info)}`);
        }
      }
    }
    const a = median(full);
    const lines = [`${scope}: ${inScope} users in scope, ${rounds} rounds`];
    lines.push(`  full read:    median ${a.toFixed(0)} ms  [${ms(full)}]`);
    for (const kind of ["idle", "quiet"] as const) {
      const b = median(kinds[kind]);
      lines.push(
        `  ${kind} delta:${" ".repeat(6 - kind.length)}median ${b.toFixed(0)} ms  [${ms(kinds[kind])}]  ratio ${(b / a).toFixed(3)}`,
      );
    }
    for (const kind of ["idle", "quiet"] as const) {
      lines.push(`  requests of the last ${kind} delta (${listed[kind]?.length ?? 0}):`);
      lines.push(...(listed[kind] ?? []).map((r) => `    ${r}`));
    }
    process.stdout.write(`${lines.join("\n")}\n`);
  }
} finally {
  await stopSambaDc(dc);
}
