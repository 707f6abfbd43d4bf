import { copyFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileMapping, loadMapping } from "../../../src/mapping/index.js";
import { ConfigError } from "../../../src/model/errors.js";
import { ExitCode } from "../../../src/model/exit-code.js";
import { fieldsOf, GUID, messages, user } from "./build.js";
import { removeTempDirs, tempDir } from "../../helpers/temp-dir.js";

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

let dir: string;
beforeAll(async () => {
  dir = await tempDir("mbn-ad-sync-transforms-");
  await copyFile(fixture("site-transforms.mjs"), join(dir, "site-transforms.mjs"));
});
afterAll(removeTempDirs);

/** Writes a mapping file into the temp dir; `fields` lines are indented under `fields:`. */
async function mappingFile(name: string, head: string, fields: string[]): Promise<string> {
  const file = join(dir, name);
  await writeFile(
    file,
    [head, "fields:", "  firstName: givenName", ...fields.map((l) => `  ${l}`)].join("\n"),
  );
  return file;
}

async function configError(file: string): Promise<ConfigError> {
  const error: unknown = await loadMapping(file).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  const e = error as ConfigError;
  expect(e.exitCode).toBe(ExitCode.config);
  expect(e.file).toBe(file);
  return e;
}

const consultant = user(
  { sAMAccountName: "ola", givenName: "Ola", title: " Engineer ", department: "IT", employeeId: "E42" },
  { dn: "CN=Ola,OU=Consultants,DC=corp,DC=example" },
);
const employee = user({
  sAMAccountName: "kari",
  givenName: "Kari",
  title: "Engineer",
  department: "unknown",
});

describe("custom transforms from transformsModule", () => {
  it("runs the module's functions by name, after and between built-ins, with the user", async () => {
    const file = await mappingFile("site.yaml", "transformsModule: ./site-transforms.mjs", [
      "title: { from: title, transforms: [trim, markConsultants] }",
      "department: { from: department, transforms: [dropUnknown, withEmployeeId, uppercase] }",
    ]);
    const mapping = await loadMapping(file);
    expect(mapping.attributes).toEqual(["givenName", "department", "title", "employeeID"]);
    expect(fieldsOf(mapping.mapUser(consultant, "ad:"))).toEqual({
      firstName: "Ola",
      title: "Engineer (consultant)",
      department: "E42 IT",
    });
    // null from a transform is empty: the field is left empty, and later steps do not run on it.
    expect(fieldsOf(mapping.mapUser(employee, "ad:"))).toEqual({
      firstName: "Kari",
      title: "Engineer",
      department: null,
    });
  });

  it("an exception inside a transform skips that user only, naming the transform and the field", async () => {
    const file = await mappingFile("explode.yaml", "transformsModule: ./site-transforms.mjs", [
      "title: { from: title, transforms: [explode] }",
    ]);
    const mapping = await loadMapping(file);
    const result = mapping.mapUser(consultant, "ad:");
    expect("skip" in result && result.skip).toEqual({
      source: "ola",
      reason: 'the mapping of title failed: custom transform "explode" failed: cannot parse this value',
      externalId: `ad:${GUID}`,
    });
    // A user without a title never reaches the transform.
    expect(fieldsOf(mapping.mapUser(user({ givenName: "Per" }), "ad:"))).toEqual({
      firstName: "Per",
      title: null,
    });
  });

  it("a transform that returns something other than text, or a Promise, skips the user with the reason", async () => {
    const file = await mappingFile("wrong.yaml", "transformsModule: ./site-transforms.mjs", [
      "title: { from: title, transforms: [notText] }",
      "company: { from: company, transforms: [later] }",
    ]);
    const mapping = await loadMapping(file);
    const title = mapping.mapUser(consultant, "ad:");
    expect("skip" in title && title.skip.reason).toMatch(/"notText" returned a number, not text or null/);
    const company = mapping.mapUser(user({ givenName: "Per", company: "Eksempel AS" }), "ad:");
    expect("skip" in company && company.skip.reason).toMatch(/"later" returned a Promise; .*synchronous/);
  });

  it("takes the named export `transforms` before the default export", async () => {
    const file = await mappingFile("named.yaml", `transformsModule: ${fixture("named-export.mjs")}`, [
      "title: { from: title, transforms: [trim, shout] }",
    ]);
    const mapping = await loadMapping(file);
    expect(fieldsOf(mapping.mapUser(consultant, "ad:")).title).toBe("ENGINEER!");
    expect(messages(mapping.mapUser(consultant, "ad:"))).toEqual([]);
  });

  it("loads a TypeScript module when run through tsx or vitest", async () => {
    const file = await mappingFile("typed.yaml", `transformsModule: ${fixture("typed-transforms.ts")}`, [
      "title: { value: Senior Software Engineer, transforms: [initials] }",
    ]);
    expect(fieldsOf((await loadMapping(file)).mapUser(consultant, "ad:")).title).toBe("SSE");
  });

  it("a name that is neither built-in nor in the module is a ConfigError naming the key and line", async () => {
    const file = await mappingFile("unknown.yaml", "transformsModule: ./site-transforms.mjs", [
      "title: { from: title, transforms: [trim, markConsultant] }",
    ]);
    const e = await configError(file);
    expect(e.issues.map((i) => [i.key, i.line])).toEqual([["fields.title.transforms[1]", 4]]);
    expect(e.issues[0]?.message).toMatch(
      /^unknown transform "markConsultant" \(did you mean "markConsultants"\?\)/,
    );
    expect(e.issues[0]?.message).toContain("withEmployeeId");
  });

  it("a missing module is a ConfigError on transformsModule, saying the path is relative to the mapping", async () => {
    const file = await mappingFile("missing.yaml", "region: NO\ntransformsModule: ./nowhere.mjs", []);
    const e = await configError(file);
    expect(e.issues).toEqual([
      {
        key: "transformsModule",
        line: 2,
        message: `cannot find ${join(dir, "nowhere.mjs")}; the path is relative to the mapping file`,
      },
    ]);
  });

  it("a module without transforms, or with a value that is not a function or a built-in's name, is refused", async () => {
    const attrs = await mappingFile("attrs.yaml", `transformsModule: ${fixture("bad-attributes.mjs")}`, []);
    expect((await configError(attrs)).issues[0]?.message).toMatch(
      /`attributes` must be a list of attribute names/,
    );

    const none = await mappingFile("none.yaml", `transformsModule: ${fixture("no-transforms.mjs")}`, []);
    expect((await configError(none)).issues[0]?.message).toMatch(/exports no transforms; export them as/);

    const bad = await mappingFile("bad.yaml", `transformsModule: ${fixture("not-functions.mjs")}`, []);
    const message = (await configError(bad)).issues[0]?.message ?? "";
    expect(message).toContain('"broken" is a string, not a function');
    expect(message).toContain('"trim" is a built-in transform; give yours another name');
  });

  it("the module's text is part of the mapping's fingerprint", async () => {
    const head = "transformsModule: ./fp.mjs";
    const file = await mappingFile("fp.yaml", head, ["title: { from: title, transforms: [same] }"]);
    await writeFile(join(dir, "fp.mjs"), "export default { same: (v) => v };\n");
    const before = (await loadMapping(file)).fingerprint;
    await writeFile(join(dir, "fp2.mjs"), "export default { same: (v) => v.trim() };\n");
    const changed = await mappingFile("fp.yaml", "transformsModule: ./fp2.mjs", [
      "title: { from: title, transforms: [same] }",
    ]);
    const after = (await loadMapping(changed)).fingerprint;
    expect(after).not.toBe(before);
    expect(before).not.toBe(compileMapping("fields:\n  firstName: givenName\n", "x.yaml").fingerprint);
  });

  it("compileMapping needs the functions handed in when the file names a module", () => {
    const text = "transformsModule: ./x.mjs\nfields:\n  firstName: givenName\n";
    expect(() => compileMapping(text, "x.yaml")).toThrow(/loaded by loadMapping/);
    const mapping = compileMapping(
      "transformsModule: ./x.mjs\nfields:\n  firstName: { from: givenName, transforms: [twice] }\n",
      "x.yaml",
      { transforms: { twice: (v) => v + v } },
    );
    expect(fieldsOf(mapping.mapUser(user({ givenName: "Jo" }), "ad:")).firstName).toBe("JoJo");
  });
});
