import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { configJsonSchema, loadConfig, starterConfig } from "../../../src/config/index.js";
import { removeTempDirs } from "../../helpers/temp-dir.js";
import { configDir, type ConfigDir, ENV, sourceOf } from "./fixtures.js";

interface JsonSchemaNode {
  description?: string;
  properties?: Record<string, JsonSchemaNode>;
  additionalProperties?: unknown;
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  items?: JsonSchemaNode;
  default?: unknown;
}

/** Every property path in the schema, with its node; the options of a oneOf (source) share their path. */
function properties(node: JsonSchemaNode, prefix = ""): [string, JsonSchemaNode][] {
  const out: [string, JsonSchemaNode][] = [];
  for (const option of node.oneOf ?? []) out.push(...properties(option, prefix));
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    out.push([path, child], ...properties(child, path));
  }
  return out;
}

/** Every object in the schema, with its path. */
function objects(node: JsonSchemaNode, path = "(root)"): [string, JsonSchemaNode][] {
  const out: [string, JsonSchemaNode][] = node.properties ? [[path, node]] : [];
  for (const option of node.oneOf ?? []) out.push(...objects(option, path));
  for (const [key, child] of Object.entries(node.properties ?? {}))
    out.push(...objects(child, `${path}.${key}`));
  return out;
}

describe("configJsonSchema", () => {
  const schema = configJsonSchema() as JsonSchemaNode;

  it("describes every key", () => {
    const all = properties(schema);
    expect(all.length).toBeGreaterThan(45);
    const undocumented = all.filter(([, node]) => !node.description).map(([path]) => path);
    expect(undocumented).toEqual([]);
  });

  it("forbids unknown keys in every section", () => {
    expect(schema.additionalProperties).toBe(false);
    const sections = objects(schema);
    expect(sections.length).toBeGreaterThan(8);
    for (const [path, node] of sections) expect(node.additionalProperties, path).toBe(false);
  });

  it("tells editors what each source type requires", () => {
    const source = schema.properties?.source as unknown as {
      oneOf: { properties: { type: { const: string } }; required: string[] }[];
    };
    const required = Object.fromEntries(source.oneOf.map((o) => [o.properties.type.const, o.required]));
    expect(required).toEqual({ ldap: ["type", "url", "bindDn", "baseDns"], ldif: ["type", "file"] });
  });

  it("shows defaults, but not the machine-specific default mapping path", () => {
    const byPath = new Map(properties(schema));
    expect(byPath.get("source.pageSize")?.default).toBe(500);
    expect(byPath.get("sync.externalIdPrefix")?.default).toBe("ad:");
    expect(byPath.get("mapping")?.default).toBeUndefined();
  });
});

describe("starterConfig", () => {
  let tmp: ConfigDir;
  beforeEach(async () => {
    tmp = await configDir();
  });
  afterEach(removeTempDirs);

  it("is valid YAML with every section and secrets only as env references", () => {
    const text = starterConfig();
    const doc = parseDocument(text);
    expect(doc.errors).toEqual([]);
    expect(Object.keys(doc.toJS() as object)).toEqual(["source", "mbn", "sync", "state"]);
    expect(text).toContain("bindPassword: ${env:LDAP_BIND_PASSWORD}");
    expect(text).toContain("clientSecret: ${env:MBN_CLIENT_SECRET}");
    expect(text).toContain("password: ${env:MBN_PASSWORD}");
    expect(text).toMatch(/^# mapping:/m);
  });

  it("loads as written once the environment holds the secrets", async () => {
    await tmp.write("mbn-ad-sync.yaml", starterConfig());
    const { config } = await loadConfig({ cwd: tmp.dir, env: ENV });
    expect(config.source.type).toBe("ldap");
    expect(sourceOf(config, "ldap").url).toHaveLength(2);
    expect(config.mbn.clientSecret).toBe(ENV.MBN_CLIENT_SECRET);
  });
});
