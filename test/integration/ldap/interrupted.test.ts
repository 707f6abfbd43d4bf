import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UnavailableError } from "../../../src/model/errors.js";
import { createLdapSource, type LdapSourceEvent } from "../../../src/source/ldap/index.js";
import { buildPopulation, type Population } from "../../fixtures/ad/index.js";
import { isAlive, provisionSambaDc, stopSambaDc, type SambaDcInfo } from "../../helpers/samba-dc.js";
import { ldapOptionsFor } from "../../helpers/samba-options.js";
import { populate } from "../../helpers/samba-populate.js";
import { sambaSkipReason } from "../../helpers/samba-shared.js";

const skip = sambaSkipReason();

/** Blocks the event loop, so the source cannot ask for the next page before the DC is gone. */
function waitSync(condition: () => boolean, ms: number): void {
  const until = Date.now() + ms;
  const cell = new Int32Array(new SharedArrayBuffer(4));
  while (!condition() && Date.now() < until) Atomics.wait(cell, 0, 0, 20);
}

describe.skipIf(skip !== undefined)(
  `LDAP source: a DC that stops during a read${skip ? ` (skipped: ${skip})` : ""}`,
  () => {
    // A DC of its own: stopping the shared one would break the other test files.
    let dc: SambaDcInfo | undefined;
    let population: Population;

    beforeAll(async () => {
      dc = await provisionSambaDc({ label: "stop", maxRuntimeS: 600 });
      population = buildPopulation({ baseDn: dc.baseDn, staffCount: 120 });
      await populate(dc, population, 2);
    });
    afterAll(async () => {
      if (dc) await stopSambaDc(dc);
    });

    it("fails with UnavailableError naming the page, and returns no partial result", async () => {
      const running = dc!;
      const events: LdapSourceEvent[] = [];
      const onEvent = (event: LdapSourceEvent): void => {
        events.push(event);
        if (/page 2: /.test(event.message) && isAlive(running.pid)) {
          process.kill(running.pid, "SIGTERM");
          waitSync(() => !isAlive(running.pid), 10_000);
          waitSync(() => false, 300); // and its LDAP workers after it
        }
      };
      const source = createLdapSource(ldapOptionsFor(running, population, { pageSize: 10, onEvent }));
      const outcome = await source.read({ attributes: ["mail"] }).then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      );
      expect("result" in outcome ? outcome.result : undefined).toBeUndefined();
      const error = (outcome as { error: unknown }).error;
      expect(error).toBeInstanceOf(UnavailableError);
      expect((error as Error).message).toMatch(/reading page 3 of OU=Staff,DC=mbntest,DC=example failed/);
      expect((error as Error).message).toContain(running.ldapsUrl);
      expect((error as Error).message).toContain(population.serviceAccount.upn);
      expect(events.filter((e) => /page \d+: 10 entries/.test(e.message))).toHaveLength(2);
    });
  },
);
