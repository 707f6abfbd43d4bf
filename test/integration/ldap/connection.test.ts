import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { rootCertificates } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, UnavailableError } from "../../../src/model/errors.js";
import { ExitCode } from "../../../src/model/exit-code.js";
import { Client, type SearchResult } from "ldapts";
import {
  createLdapSource,
  type LdapSourceEvent,
  type LdapSourceOptions,
} from "../../../src/source/ldap/index.js";
import type { ClientFactory } from "../../../src/source/ldap/connect.js";
import { createLdapSource as createWithSeams } from "../../../src/source/ldap/source.js";
import { expectedUsers, type Population } from "../../fixtures/ad/index.js";
import type { SambaDcInfo } from "../../helpers/samba-dc.js";
import { ldapOptionsFor } from "../../helpers/samba-options.js";
import { sambaSkipReason, sharedSambaDc } from "../../helpers/samba-shared.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";

const skip = sambaSkipReason();

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected the read to fail, but it succeeded");
}

describe.skipIf(skip !== undefined)(
  `LDAP source: connecting and binding${skip ? ` (skipped: ${skip})` : ""}`,
  () => {
    let dc: SambaDcInfo;
    let population: Population;
    let scratch: string;
    let trondheim: string;
    let expectedTrondheim: number;
    const options = (overrides: Partial<LdapSourceOptions>): LdapSourceOptions =>
      ldapOptionsFor(dc, population, { baseDns: [trondheim], ...overrides });
    const read = (overrides: Partial<LdapSourceOptions>) =>
      createLdapSource(options(overrides)).read({ attributes: ["mail"] });

    beforeAll(async () => {
      ({ dc, population } = await sharedSambaDc());
      scratch = await tempDir("mbn-ldap-conn-");
      trondheim = `OU=Trondheim,OU=Staff,${dc.baseDn}`;
      expectedTrondheim = expectedUsers(population, {
        baseDns: [trondheim],
        disabledAccounts: "exclude",
      }).length;
    });
    afterAll(removeTempDirs);

    it("reads over LDAPS with the CA file and the certificate's server name", async () => {
      const result = await read({});
      expect(result.users).toHaveLength(expectedTrondheim);
    });

    it("reads over ldap:// with StartTLS", async () => {
      const result = await read({ urls: [dc.ldapUrl], startTls: true });
      expect(result.users).toHaveLength(expectedTrondheim);
    });

    it("binds as DOMAIN\\user and as a DN too", async () => {
      for (const bindDn of [`MBNTEST\\${population.serviceAccount.sam}`, population.serviceAccount.dn]) {
        const result = await read({ bindDn });
        expect(result.users).toHaveLength(expectedTrondheim);
      }
    });

    it("tries the next url when a DC does not answer", async () => {
      const result = await read({ urls: ["ldaps://127.0.0.1:1", dc.ldapsUrl] });
      expect(result.users).toHaveLength(expectedTrondheim);
    });

    it("refuses a plain ldap:// bind without TLS as a configuration error", () => {
      let error: unknown;
      try {
        createLdapSource(options({ urls: [dc.ldapUrl] }));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).exitCode).toBe(ExitCode.config);
      expect((error as ConfigError).message).toMatch(/unencrypted.*ldaps:\/\/.*startTls/s);
    });

    it("reports Samba's refusal of a plaintext bind when allowPlaintextBind is set", async () => {
      const error = await failure(read({ urls: [dc.ldapUrl], allowPlaintextBind: true }));
      expect(error).toBeInstanceOf(UnavailableError);
      expect(error.message).toMatch(/requires an encrypted connection/);
      expect(error.message).toMatch(/ldaps:\/\/ url or startTls: true/);
    });

    it("fails with exit 69 on a wrong password, naming the DC and the bind DN but not the password", async () => {
      const bindPassword = "Wrong-Secret-4711!";
      const error = await failure(read({ bindPassword }));
      expect(error).toBeInstanceOf(UnavailableError);
      expect(error).toMatchObject({ exitCode: ExitCode.unavailable });
      expect(error.message).toContain(dc.ldapsUrl);
      expect(error.message).toContain(population.serviceAccount.upn);
      expect(error.message).toMatch(/invalid credentials.*check source\.bindDn/);
      expect(error.message).not.toContain(bindPassword);
      expect(error.message).not.toContain(population.serviceAccount.password);
    });

    it("fails with exit 69 when the CA file holds another CA, pointing at tls.caFile", async () => {
      const wrongCa = join(scratch, "wrong-ca.pem");
      await writeFile(wrongCa, rootCertificates[0] ?? "");
      for (const overrides of [{}, { urls: [dc.ldapUrl], startTls: true }]) {
        const error = await failure(
          read({ ...overrides, tls: { caFile: wrongCa, serverName: dc.hostName } }),
        );
        expect(error).toBeInstanceOf(UnavailableError);
        expect(error.message).toMatch(/TLS failed/);
        expect(error.message).toMatch(/source\.tls\.caFile/);
        expect(error.message).not.toContain(population.serviceAccount.password);
      }
    });

    it("reports an unreadable CA file as a configuration error naming source.tls.caFile", async () => {
      const error = await failure(
        read({ tls: { caFile: join(scratch, "missing.pem"), serverName: dc.hostName } }),
      );
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toMatch(/source\.tls\.caFile: cannot read .*missing\.pem/);
    });

    it("fails when the certificate does not name the host connected to, pointing at tls.serverName", async () => {
      const error = await failure(read({ tls: { caFile: dc.caFile } }));
      expect(error).toBeInstanceOf(UnavailableError);
      expect(error.message).toMatch(/source\.tls\.serverName/);
    });

    it("reads without checking the certificate only when insecureSkipVerify is set, warning every run", async () => {
      const events: LdapSourceEvent[] = [];
      const source = createLdapSource(
        options({ tls: { insecureSkipVerify: true }, onEvent: (e) => events.push(e) }),
      );
      for (let run = 1; run <= 2; run++) {
        const result = await source.read({ attributes: [] });
        expect(result.users).toHaveLength(expectedTrondheim);
        expect(
          events.filter((e) => e.type === "warning" && /insecureSkipVerify/.test(e.message)),
        ).toHaveLength(run);
      }
    });

    it("fails with exit 69 naming every url when no DC answers", async () => {
      const error = await failure(read({ urls: ["ldaps://127.0.0.1:1", "ldaps://127.0.0.1:2"] }));
      expect(error).toBeInstanceOf(UnavailableError);
      expect(error.message).toMatch(/127\.0\.0\.1:1: cannot reach the DC/);
      expect(error.message).toMatch(/127\.0\.0\.1:2: cannot reach the DC/);
    });

    it("gives up when the whole read exceeds its deadline", async () => {
      // A real connection and bind whose search never answers until the source unbinds: however fast
      // the machine, the read cannot finish before its deadline.
      const stalled: ClientFactory = (clientOptions) => {
        const client = new Client(clientOptions);
        let unbound!: () => void;
        const unbinding = new Promise<void>((resolve) => (unbound = resolve));
        return {
          bind: (dn, password) => client.bind(dn, password),
          startTLS: (tls) => client.startTLS(tls),
          unbind: () => {
            unbound();
            return client.unbind();
          },
          async *searchPaginated() {
            await unbinding;
            yield* [] as SearchResult[];
            throw new Error("Connection closed before message response was received");
          },
        };
      };
      const started = Date.now();
      const error = await failure(
        createWithSeams(options({ timeouts: { connectMs: 5000, operationMs: 20_000, totalMs: 300 } }), {
          createClient: stalled,
        }).read({ attributes: ["mail"] }),
      );
      expect(error).toBeInstanceOf(UnavailableError);
      expect(error.message).toMatch(/did not finish within 300 ms/);
      expect(Date.now() - started).toBeLessThan(5000);
    });

    it("rejects a malformed filter as a configuration error naming source.filter", () => {
      expect(() => createLdapSource(options({ filter: "(&(objectClass=user)" }))).toThrow(/source\.filter/);
      expect(() => createLdapSource(options({ filter: "(&(objectClass=user)" }))).toThrow(ConfigError);
    });

    it("rejects \\xx escapes of non-ASCII bytes in the filter, which ldapts would corrupt", () => {
      expect(() => createLdapSource(options({ filter: "(givenName=\\c3\\85sa)" }))).toThrow(
        /source\.filter.*as themselves/s,
      );
    });

    it("ignores the search references of a read from the domain root, with a debug event", async () => {
      const events: LdapSourceEvent[] = [];
      const result = await createLdapSource(
        options({
          baseDns: [dc.baseDn],
          memberOf: [`CN=MBN Norway,OU=Groups,${dc.baseDn}`],
          onEvent: (e) => events.push(e),
        }),
      ).read({ attributes: [] });
      expect(result.users.length).toBeGreaterThan(0);
      expect(events.some((e) => e.type === "debug" && /search reference/.test(e.message))).toBe(true);
    });
  },
);
