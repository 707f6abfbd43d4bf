import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLdifSource } from "../../../src/source/ldif/index.js";
import { loadMapping } from "../../../src/mapping/index.js";
import { repoRoot, runCli } from "../../helpers/cli.js";
import { defaultMapping, env, ldif, startFixture, type Fixture } from "./fixture.js";

let fx: Fixture;
let config: string;

beforeAll(async () => {
  fx = await startFixture();
  config = fx.writeConfig("mbn-ad-sync.yaml");
});
afterAll(async () => {
  await fx.close();
});

interface PreviewJson {
  version: number;
  user: { dn: string; guid: string | null; attributes: Record<string, string[]> };
  contact: Record<string, unknown> | null;
  skipped: { source: string; reason: string } | null;
  warnings: { source: string; field: string; message: string }[];
}

/** Kari as the library maps her, to compare the command's output with. */
async function kari() {
  const read = await createLdifSource({ file: ldif, disabledAccounts: "exclude" }).read({ attributes: [] });
  const user = read.users.find((u) => u.attributes["samaccountname"]?.[0] === "kari.nordmann");
  if (!user?.guid) throw new Error("kari.nordmann is not in the demo LDIF");
  const mapped = (await loadMapping(defaultMapping)).mapUser(user, "ad:");
  return { user, guid: user.guid, mapped };
}

describe("mbn-ad-sync preview", () => {
  it("finds a user by sAMAccountName (any case) and shows attributes, contact and warnings", async () => {
    const { guid } = await kari();
    const result = await runCli(["preview", "KARI.NORDMANN", "--config", config], { env });
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toContain("User CN=Kari Nordmann,OU=Ansatte,DC=eksempel,DC=no");
    expect(out).toMatch(/^ {2}objectguid +"512fa37d-d7eb-41d8-a99c-4d232ca353da"$/m);
    expect(guid).toBe("512fa37d-d7eb-41d8-a99c-4d232ca353da");
    // Multi-valued attributes list every value, one per line.
    expect(out).toMatch(/objectclass +"top"\n +"person"\n +"organizationalPerson"\n +"user"/);
    expect(out).toMatch(/^ {2}externalId +"ad:512fa37d-d7eb-41d8-a99c-4d232ca353da"$/m);
    expect(out).toMatch(/^ {2}phoneNumbers +\+4791234567 \(mobile\), \+4722000211 \(work\)$/m);
    expect(out).toContain('extension "123" of "22 00 02 11 ext. 123" dropped');
  });

  it("--json gives { version, user, contact, skipped, warnings } equal to the mapping's result", async () => {
    const { user, guid, mapped } = await kari();
    const result = await runCli(["preview", "kari.nordmann@EKSEMPEL.no", "--json", "--config", config], {
      env,
    });
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as PreviewJson;
    expect(Object.keys(json)).toEqual(["version", "user", "contact", "skipped", "warnings"]);
    expect(json.version).toBe(1);
    expect(json.user.dn).toBe(user.dn);
    expect(json.user.guid).toBe(guid);
    expect(json.user.attributes["objectguid"]).toEqual([guid]);
    expect(json.user.attributes["objectclass"]).toEqual(["top", "person", "organizationalPerson", "user"]);
    expect(Object.keys(json.user.attributes)).toEqual(Object.keys(json.user.attributes).sort());
    if (!("contact" in mapped)) throw new Error("kari should map to a contact");
    expect(json.contact).toEqual({ externalId: mapped.contact.externalId, ...mapped.contact.fields });
    expect(json.skipped).toBeNull();
    expect(json.warnings).toEqual(mapped.warnings);
  });

  it("finds a user by objectGUID, also in upper case with braces", async () => {
    const { guid } = await kari();
    const result = await runCli(["preview", `{${guid.toUpperCase()}}`, "--json", "--config", config], {
      env,
    });
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as PreviewJson).user.guid).toBe(guid);
  });

  it("shows the skip reason of a user the mapping skips", async () => {
    const mapping = fx.write(
      "title-only.yaml",
      "fields:\n  firstName: { from: noSuchAttribute }\n  title: title\n",
    );
    const skipping = fx.writeConfig("skipping.yaml", { mapping });
    const result = await runCli(["preview", "kari.nordmann", "--config", skipping], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Skipped: no name: firstName, lastName and displayName are all empty");
    const json = await runCli(["preview", "kari.nordmann", "--json", "--config", skipping], { env });
    const doc = JSON.parse(json.stdout) as PreviewJson;
    expect(doc.contact).toBeNull();
    expect(doc.skipped).toEqual({
      source: "kari.nordmann",
      reason: expect.stringMatching(/^no name/) as string,
      externalId: expect.stringMatching(/^ad:[0-9a-f-]{36}$/) as string,
    });
  });

  it("runs the custom transforms of the mapping's transformsModule in the built CLI", async () => {
    fx.write(
      "site-transforms.mjs",
      "export const attributes = ['physicalDeliveryOfficeName'];\n" +
        "export default {\n" +
        "  withOffice: (value, user) => `${value}, ${user.attributes.physicaldeliveryofficename?.[0] ?? '?'}`,\n" +
        "};\n",
    );
    const mapping = fx.write(
      "custom.yaml",
      "transformsModule: ./site-transforms.mjs\nfields:\n  firstName: givenName\n" +
        "  title: { from: title, transforms: [trim, withOffice] }\n",
    );
    const custom = fx.writeConfig("custom-config.yaml", { mapping });
    const result = await runCli(["preview", "kari.nordmann", "--json", "--config", custom], { env });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as PreviewJson).contact).toMatchObject({
      firstName: "Kari",
      title: "Daglig leder, Hovedkontor",
    });
  });

  it("needs no MBN secret or state directory: the demo's configuration with none of its variables set", async () => {
    const unset = { MBN_BASE_URL: undefined, MBN_CLIENT_SECRET: undefined, MBN_PASSWORD: undefined };
    const demo = join(repoRoot, "examples/demo/mbn-ad-sync.yaml");
    const result = await runCli(["preview", "kari.nordmann", "--config", demo], {
      env: { ...unset, MBN_AD_SYNC_STATE_DIR: undefined },
    });
    expect(result.stderr).not.toContain("environment variable");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("User CN=Kari Nordmann,OU=Ansatte,DC=eksempel,DC=no");

    const noSecrets = await runCli(["preview", "kari.nordmann", "--config", config], {
      env: { MBN_TEST_SECRET: undefined, MBN_TEST_PASSWORD: undefined },
    });
    expect(noSecrets.code).toBe(0);
    // sync needs them: the same configuration names the unset variables and exits 78.
    const sync = await runCli(["plan", "--config", config], {
      env: { MBN_TEST_SECRET: undefined, MBN_TEST_PASSWORD: undefined },
    });
    expect(sync.code).toBe(78);
    expect(sync.stderr).toContain("environment variable MBN_TEST_SECRET is not set");
  });

  it("a user that is not there is a usage error (64) naming the source", async () => {
    const result = await runCli(["preview", "nobody.here", "--config", config], { env });
    expect(result.code).toBe(64);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`no user matches "nobody.here" in LDIF file ${ldif}`);
  });

  it("a name more than one user carries lists them and exits 64", async () => {
    // Two users with the same mail, in a small LDIF of their own.
    const shared = fx.write(
      "shared.ldif",
      [
        "dn: CN=A,OU=Staff,DC=corp,DC=example",
        "objectClass: user",
        "sAMAccountName: a",
        "givenName: A",
        "mail: team@corp.example",
        "objectGUID: 11111111-2222-3333-4444-555555555555",
        "",
        "dn: CN=B,OU=Staff,DC=corp,DC=example",
        "objectClass: user",
        "sAMAccountName: b",
        "givenName: B",
        "mail: Team@corp.example",
        "objectGUID: 11111111-2222-3333-4444-666666666666",
        "",
      ].join("\n"),
    );
    const cfg = fx.writeConfig("shared.yaml", { ldif: shared });
    const result = await runCli(["preview", "team@corp.example", "--config", cfg], { env });
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('"team@corp.example" matches 2 users');
    expect(result.stderr).toContain(
      "CN=A,OU=Staff,DC=corp,DC=example (a, 11111111-2222-3333-4444-555555555555)",
    );
    expect(result.stderr).toContain(
      "CN=B,OU=Staff,DC=corp,DC=example (b, 11111111-2222-3333-4444-666666666666)",
    );
  });
});
