import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { configJsonSchema, loadConfig, starterConfig } from "../../../src/config/index.js";
import { ENV, tempDir } from "./temp-dir.js";

interface JsonSchemaNode {
  description?: string;
  properties?: Record<string, JsonSchemaNode>;
  additionalProperties?: unknown;
  anyOf?: JsonSchemaNode[];
  items?: JsonSchemaNode;
  default?: unknown;
}

/** Every property path in the schema, with its node. */
function properties(node: JsonSchemaNode, prefix = ""): [string, JsonSchemaNode][] {
  const out: [string, JsonSchemaNode][] = [];
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    out.push([path, child], ...properties(child, path));
  }
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
    for (const [path, node] of properties(schema)) {
      if (node.properties) expect(node.additionalProperties, path).toBe(false);
    }
  });

  it("shows defaults, but not the machine-specific default mapping path", () => {
    const byPath = new Map(properties(schema));
    expect(byPath.get("source.pageSize")?.default).toBe(500);
    expect(byPath.get("sync.externalIdPrefix")?.default).toBe("ad:");
    expect(byPath.get("mapping")?.default).toBeUndefined();
  });
});

describe("starterConfig", () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    tmp = await tempDir();
  });
  afterEach(async () => {
    await tmp.cleanup();
  });

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
    expect(config.source.url).toHaveLength(2);
    expect(config.mbn.clientSecret).toBe(ENV.MBN_CLIENT_SECRET);
  });
});
