/**
 * src/mbn/openapi.yaml as a validator of MBN's answers, for `check --contract`. Ajv resolves the
 * schemas' $refs itself (the whole document is registered with it); only a response given as a
 * `#/components/responses/X` reference is looked up here, as OpenAPI (not JSON Schema) defines it.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import ajvFormats from "ajv-formats";
import { parse } from "yaml";
import { describeSchemaErrors } from "./openapi-errors.js";
import type { RawResponse } from "./transport.js";

type Json = Record<string, unknown>;

/**
 * The document shipped with the package. This file is two levels below the package root from src/mbn/
 * and dist/mbn/ alike (and in the single executable, whose modules all sit at dist/cli/).
 */
export const openApiFile: string = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "src",
  "mbn",
  "openapi.yaml",
);

const DOC_ID = "mbn-openapi.json";
// The document's top-level OpenAPI fields, declared to Ajv as keywords with no meaning so that strict
// mode accepts the document as the root that the schemas' "#/components/…" references point into.
const OPENAPI_FIELDS = ["openapi", "info", "servers", "security", "paths", "components", "tags"];

/** One documented operation: "GET /catalog/userInfo", its operationId and its responses. */
export interface Operation {
  id: string;
  method: string;
  template: string;
  /** e.g. "GET /catalog/enterprises/{enterpriseId}/contacts (listContacts)": how differences are named. */
  label: string;
}

export interface OpenApiContract {
  /** The document's title and version, as the report names it. */
  readonly title: string;
  operation(id: string): Operation;
  /** The ways one answer to `operationId` breaks the document; empty when it conforms. */
  check(operationId: string, answer: RawResponse): string[];
}

const asObject = (v: unknown): Json | undefined =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : undefined;
const escapePointer = (part: string): string => part.replaceAll("~", "~0").replaceAll("/", "~1");

interface Found {
  node: Json;
  /** Its JSON pointer in the document, for Ajv. */
  pointer: string;
}

/** A response object, following one `$ref` into components/responses. */
function responseOf(doc: Json, node: Json, pointer: string): Found {
  const ref = node.$ref;
  if (typeof ref !== "string") return { node, pointer };
  const name = /^#\/components\/responses\/([^/]+)$/.exec(ref)?.[1];
  const target =
    name === undefined ? undefined : asObject(asObject(asObject(doc.components)?.responses)?.[name]);
  if (name === undefined || !target)
    throw new Error(`${DOC_ID}: response reference ${ref} points at nothing`);
  return { node: target, pointer: `/components/responses/${escapePointer(name)}` };
}

/** Loads the document and compiles every response schema (a broken document fails here, not mid-probe). */
export function loadOpenApiContract(file: string = openApiFile): OpenApiContract {
  const doc = asObject(parse(readFileSync(file, "utf8"))) ?? {};
  const ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true });
  ajvFormats.default(ajv, ["date-time"]);
  ajv.addVocabulary(OPENAPI_FIELDS);
  ajv.addSchema(doc, DOC_ID);
  const compiled = new Map<string, ValidateFunction>();
  const compile = (pointer: string): ValidateFunction => {
    let fn = compiled.get(pointer);
    if (!fn) {
      fn = ajv.compile({ $ref: `${DOC_ID}#${pointer}` });
      compiled.set(pointer, fn);
    }
    return fn;
  };

  // A branch of a oneOf, checked on its own to find the form a value came closest to.
  const branchValidator = (branch: unknown): ValidateFunction | undefined => {
    const ref = asObject(branch)?.$ref;
    if (typeof ref === "string") return ref.startsWith("#/") ? compile(ref.slice(1)) : undefined;
    try {
      return ajv.compile(asObject(branch) ?? {});
    } catch {
      return undefined;
    }
  };

  const operations = new Map<string, Operation & { responses: Json; pointer: string }>();
  for (const [template, item] of Object.entries(asObject(doc.paths) ?? {})) {
    for (const [method, raw] of Object.entries(asObject(item) ?? {})) {
      const op = asObject(raw);
      if (typeof op?.operationId !== "string") continue;
      const upper = method.toUpperCase();
      const pointer = `/paths/${escapePointer(template)}/${method}/responses`;
      const responses = asObject(op.responses) ?? {};
      operations.set(op.operationId, {
        id: op.operationId,
        method: upper,
        template,
        label: `${upper} ${template} (${op.operationId})`,
        responses,
        pointer,
      });
      for (const [status, response] of Object.entries(responses)) {
        const found = responseOf(doc, asObject(response) ?? {}, `${pointer}/${status}`);
        for (const media of Object.keys(asObject(found.node.content) ?? {}))
          compile(`${found.pointer}/content/${escapePointer(media)}/schema`);
      }
    }
  }
  const info = asObject(doc.info) ?? {};

  function operation(id: string): Operation & { responses: Json; pointer: string } {
    const op = operations.get(id);
    if (!op) throw new Error(`${DOC_ID}: no operation ${id}`);
    return op;
  }

  function check(operationId: string, answer: RawResponse): string[] {
    const op = operation(operationId);
    const status = String(answer.status);
    const documented = asObject(op.responses[status]);
    if (!documented) {
      return [`status ${status} is not documented (documented: ${Object.keys(op.responses).join(", ")})`];
    }
    const response = responseOf(doc, documented, `${op.pointer}/${status}`);
    const problems = checkHeaders(response, answer, compile);
    const content = asObject(response.node.content);
    if (!content) {
      if (answer.text !== "") problems.push("a body was sent where the document has none");
      return problems;
    }
    const contentType = answer.headers.get("content-type");
    const media = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
    if (!(media in content)) {
      const listed = Object.keys(content).join(", ");
      problems.push(
        `header Content-Type is ${contentType === null ? "missing" : `"${media}"`}, documented ${listed}`,
      );
      return problems;
    }
    let body: unknown = answer.text;
    if (media === "application/json") {
      try {
        body = JSON.parse(answer.text);
      } catch {
        return [...problems, "the body is not JSON"];
      }
    }
    const fn = compile(`${response.pointer}/content/${escapePointer(media)}/schema`);
    if (fn(body)) return problems;
    return [...problems, ...describeSchemaErrors(fn.errors ?? [], body, branchValidator)];
  }

  return {
    title: typeof info.title === "string" ? info.title : "OpenAPI document",
    operation,
    check,
  };
}

/** Headers the response documents: Retry-After as an integer, Location, … (a missing one only if required). */
function checkHeaders(
  response: Found,
  answer: RawResponse,
  compile: (pointer: string) => ValidateFunction,
): string[] {
  const problems: string[] = [];
  for (const [name, raw] of Object.entries(asObject(response.node.headers) ?? {})) {
    const header = asObject(raw) ?? {};
    const value = answer.headers.get(name);
    if (value === null) {
      if (header.required === true) problems.push(`header ${name} is missing`);
      continue;
    }
    const schema = asObject(header.schema);
    if (!schema) continue;
    const fn = compile(`${response.pointer}/headers/${escapePointer(name)}/schema`);
    // Headers are text on the wire: an integer header must be digits only.
    const numeric = schema.type === "integer" || schema.type === "number";
    const typed = numeric && /^\d+$/.test(value) ? Number(value) : value;
    if (!fn(typed)) problems.push(`header ${name} is "${value}", documented ${String(schema.type)}`);
  }
  return problems;
}
