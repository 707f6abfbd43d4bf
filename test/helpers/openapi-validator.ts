import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import type { ValidateFunction } from "ajv/dist/2020.js";
import { parse } from "yaml";

type Json = Record<string, unknown>;

/** One HTTP answer as the validator needs it: status, headers, and the body as text. */
export interface RecordedAnswer {
  status: number;
  headers: { get(name: string): string | null };
  text: string;
}

export interface OpenApiValidator {
  /**
   * The ways an answer breaks the document: an undocumented path, method or status, a content type
   * the response does not list, a body or header that fails its schema. Empty when it conforms.
   */
  check(method: string, path: string, answer: RecordedAnswer): string[];
  /** The `paths` templates of the document, e.g. "/catalog/enterprises/{enterpriseId}/contacts". */
  readonly paths: string[];
}

export const defaultOpenApiFile = fileURLToPath(new URL("../../src/mbn/openapi.yaml", import.meta.url));

const COMPONENTS_ID = "openapi-components.json";
const SCHEMA_REF = "#/components/schemas/";

/** Points every `#/components/schemas/X` at the components schema registered with Ajv. */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== "object") return value;
  const out: Json = {};
  for (const [key, inner] of Object.entries(value as Json)) {
    if (key === "$ref" && typeof inner === "string" && inner.startsWith(SCHEMA_REF)) {
      out[key] = `${COMPONENTS_ID}#/$defs/${inner.slice(SCHEMA_REF.length)}`;
    } else {
      out[key] = rewriteRefs(inner);
    }
  }
  return out;
}

function asObject(value: unknown): Json | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : undefined;
}

/** Resolves a local `#/a/b/c` pointer of the document (responses, parameters). */
function resolve(doc: Json, node: Json): Json {
  let current = node;
  for (let depth = 0; typeof current.$ref === "string"; depth++) {
    if (depth > 10) throw new Error(`$ref cycle at ${current.$ref}`);
    const pointer = current.$ref;
    if (!pointer.startsWith("#/")) throw new Error(`only local $refs are supported, got ${pointer}`);
    let target: unknown = doc;
    for (const part of pointer.slice(2).split("/")) {
      target = asObject(target)?.[part.replaceAll("~1", "/").replaceAll("~0", "~")];
    }
    const resolved = asObject(target);
    if (!resolved) throw new Error(`$ref ${pointer} points at nothing`);
    current = resolved;
  }
  return current;
}

interface PathTemplate {
  template: string;
  pattern: RegExp;
  params: number;
}

function compileTemplate(template: string): PathTemplate {
  const params = (template.match(/\{[^}]+\}/g) ?? []).length;
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith("{") ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return { template, pattern: new RegExp(`^${source}$`), params };
}

function headerValue(raw: string, schema: Json): unknown {
  // Headers are text on the wire; an integer header must be digits only.
  if (schema.type === "integer" || schema.type === "number") return /^\d+$/.test(raw) ? Number(raw) : raw;
  return raw;
}

/** Loads an OpenAPI 3.1 document and validates recorded answers against its response schemas. */
export function loadOpenApiValidator(file: string = defaultOpenApiFile): OpenApiValidator {
  const doc = parse(readFileSync(file, "utf8")) as Json;
  const schemas = asObject(asObject(doc.components)?.schemas) ?? {};
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  ajv.addFormat("date-time", {
    type: "string",
    // RFC 3339 with a zone, as the contract's timestamps are.
    validate: (s: string) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) &&
      !Number.isNaN(Date.parse(s)),
  });
  ajv.addSchema({ $id: COMPONENTS_ID, $defs: rewriteRefs(schemas) });

  const compiled = new Map<Json, ValidateFunction>();
  const compile = (schema: Json): ValidateFunction => {
    let fn = compiled.get(schema);
    if (!fn) {
      fn = ajv.compile(rewriteRefs(schema) as Json);
      compiled.set(schema, fn);
    }
    return fn;
  };
  const errorsOf = (fn: ValidateFunction, where: string): string[] =>
    (fn.errors ?? []).map((e) => `${where}${e.instancePath || "/"} ${e.message ?? "is invalid"}`);

  const pathItems = asObject(doc.paths) ?? {};
  // The most literal template wins: /contacts/changes before /contacts/{contactId}.
  const templates = Object.keys(pathItems)
    .map(compileTemplate)
    .sort((a, b) => a.params - b.params);

  // Compile every response schema up front, so a broken document fails at load, not mid-test.
  for (const item of Object.values(pathItems)) {
    for (const operation of Object.values(asObject(item) ?? {})) {
      for (const response of Object.values(asObject(asObject(operation)?.responses) ?? {})) {
        const resolved = resolve(doc, asObject(response) ?? {});
        for (const media of Object.values(asObject(resolved.content) ?? {})) {
          const schema = asObject(asObject(media)?.schema);
          if (schema) compile(schema);
        }
      }
    }
  }

  function check(method: string, path: string, answer: RecordedAnswer): string[] {
    const pathname = new URL(path, "http://validator.invalid").pathname;
    const where = `${method.toUpperCase()} ${pathname} ${answer.status}`;
    const template = templates.find((t) => t.pattern.test(pathname));
    if (!template) return [`${where}: the path is not in the document`];
    const item = asObject(pathItems[template.template]) ?? {};
    const operation = asObject(item[method.toLowerCase()]);
    if (!operation) return [`${where}: ${method.toUpperCase()} is not documented for ${template.template}`];
    const responses = asObject(operation.responses) ?? {};
    const documented = asObject(responses[String(answer.status)]) ?? asObject(responses.default);
    if (!documented) {
      return [
        `${where}: status ${answer.status} is not documented for ${method.toUpperCase()} ${template.template} ` +
          `(documented: ${Object.keys(responses).join(", ")})`,
      ];
    }
    const response = resolve(doc, documented);
    const problems: string[] = [];

    for (const [name, raw] of Object.entries(asObject(response.headers) ?? {})) {
      const header = resolve(doc, asObject(raw) ?? {});
      const value = answer.headers.get(name);
      if (value === null) {
        if (header.required === true) problems.push(`${where}: header ${name} is missing`);
        continue;
      }
      const schema = asObject(header.schema);
      if (!schema) continue;
      const fn = compile(schema);
      if (!fn(headerValue(value, schema))) problems.push(...errorsOf(fn, `${where}: header ${name} `));
    }

    const content = asObject(response.content);
    if (!content) {
      if (answer.text !== "") problems.push(`${where}: documented without a body, but one was sent`);
      return problems;
    }
    const mediaType = (answer.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    const media = asObject(content[mediaType]);
    if (!media) {
      problems.push(
        `${where}: content type "${mediaType}" is not documented (documented: ${Object.keys(content).join(", ")})`,
      );
      return problems;
    }
    const schema = asObject(media.schema);
    if (!schema) return problems;
    let body: unknown = answer.text;
    if (mediaType === "application/json" || mediaType.endsWith("+json")) {
      try {
        body = JSON.parse(answer.text) as unknown;
      } catch {
        problems.push(`${where}: the body is not JSON`);
        return problems;
      }
    }
    const fn = compile(schema);
    if (!fn(body)) problems.push(...errorsOf(fn, `${where}: body `));
    return problems;
  }

  return { check, paths: templates.map((t) => t.template) };
}
