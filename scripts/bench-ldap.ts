/**
 * Measures the LDAP source against OpenLDAP's ldapsearch on the same entries of a throwaway Samba
 * AD DC: `npx tsx scripts/bench-ldap.ts [users=2500] [rounds=3]`. Needs Samba and ldap-utils (root).
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createLdapSource } from "../src/source/ldap/index.js";
import { buildPopulation } from "../test/fixtures/ad/index.js";
import { provisionSambaDc, stopSambaDc } from "../test/helpers/samba-dc.js";
import { ldapOptionsFor } from "../test/helpers/samba-options.js";
import { populate } from "../test/helpers/samba-populate.js";

const run = promisify(execFile);
const users = Number(process.argv[2] ?? 2500);
const rounds = Number(process.argv[3] ?? 3);
const ATTRIBUTES = [
  "givenName",
  "sn",
  "displayName",
  "mail",
  "mobile",
  "telephoneNumber",
  "title",
  "department",
  "company",
  "streetAddress",
  "postalCode",
  "l",
  "c",
  "userPrincipalName",
  "description",
];
// Disabled accounts included, so every one of the users is read.
const FILTER = "(&(objectCategory=person)(objectClass=user))";

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const started = Date.now();
const dc = await provisionSambaDc({ label: "bench", maxRuntimeS: 1200 });
try {
  const population = buildPopulation({ baseDn: dc.baseDn, staffCount: users });
  const provisioned = Date.now();
  await populate(dc, population);
  process.stdout.write(
    `DC up in ${provisioned - started} ms, ${population.users.length} users loaded in ${Date.now() - provisioned} ms\n`,
  );
  const options = ldapOptionsFor(dc, population, { pageSize: 1000, disabledAccounts: "include" });
  const source = createLdapSource(options);
  const ours: number[] = [];
  const theirs: number[] = [];
  const cpuMs: number[] = [];
  let ourCount = 0;
  let theirCount = 0;
  for (let round = 0; round < rounds; round++) {
    let t = performance.now();
    const cpu = process.cpuUsage();
    const result = await source.read({ attributes: ATTRIBUTES });
    ours.push(performance.now() - t);
    const used = process.cpuUsage(cpu);
    cpuMs.push((used.user + used.system) / 1000);
    ourCount = result.users.length;

    t = performance.now();
    const { stdout } = await run(
      "ldapsearch",
      [
        "-LLL",
        "-x",
        "-H",
        dc.ldapsUrl,
        "-D",
        options.bindDn,
        "-w",
        options.bindPassword,
        "-b",
        options.baseDns[0] ?? dc.baseDn,
        "-E",
        "pr=1000/noprompt",
        FILTER,
        "objectGUID",
        "userAccountControl",
        "sAMAccountName",
        ...ATTRIBUTES,
      ],
      // OpenLDAP cannot check the certificate against another name than the URL's (an IP here).
      { env: { ...process.env, LDAPTLS_REQCERT: "never" }, maxBuffer: 256 * 1024 * 1024 },
    );
    theirs.push(performance.now() - t);
    theirCount = (stdout.match(/^dn:/gm) ?? []).length;
  }
  const a = median(ours);
  const b = median(theirs);
  process.stdout.write(
    [
      `entries: source ${ourCount}, ldapsearch ${theirCount}`,
      `source (ldapts, LDAPS, pages of 1000): median ${a.toFixed(0)} ms  [${ours.map((x) => x.toFixed(0)).join(", ")}]`,
      `ldapsearch -E pr=1000/noprompt:        median ${b.toFixed(0)} ms  [${theirs.map((x) => x.toFixed(0)).join(", ")}]`,
      `ratio: ${(a / b).toFixed(2)}x; CPU of this process per read: median ${median(cpuMs).toFixed(0)} ms`,
      "",
    ].join("\n"),
  );
} finally {
  await stopSambaDc(dc);
}
