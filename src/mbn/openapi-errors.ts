/**
 * Ajv's errors as a partner reads them: each names the field (`changes[0].modified`) and what the
 * document expected there. A failed oneOf is narrowed to the form the value came closest to, so a
 * contact lacking "modified" reads as that, not as "is not a tombstone either".
 */
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";

/** A validator for one raw branch of a oneOf/anyOf, or undefined when it cannot be compiled alone. */
export type BranchValidator = (branch: unknown) => ValidateFunction | undefined;

/** JSON pointer "/changes/0/phoneNumbers/1" → "changes[0].phoneNumbers[1]"; the root is "the body". */
export function fieldName(instancePath: string): string {
  if (instancePath === "") return "the body";
  let out = "";
  for (const raw of instancePath.slice(1).split("/")) {
    const part = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    out += /^\d+$/.test(part) ? `[${part}]` : out === "" ? part : `.${part}`;
  }
  return out;
}

function valueAt(body: unknown, instancePath: string): unknown {
  let value = body;
  for (const raw of instancePath.split("/").slice(1)) {
    const part = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    value =
      value !== null && typeof value === "object" ? (value as Record<string, unknown>)[part] : undefined;
  }
  return value;
}

const under = (path: string, parent: string): boolean => path === parent || path.startsWith(`${parent}/`);

const failedAlternative = (e: ErrorObject): boolean =>
  (e.keyword === "oneOf" || e.keyword === "anyOf") &&
  (e.params as { passingSchemas?: unknown }).passingSchemas == null &&
  Array.isArray(e.schema);

/** The errors of the branch the value came closest to (fewest errors), or undefined when one cannot be compiled. */
function closestBranch(
  alternative: ErrorObject,
  body: unknown,
  validatorOf: BranchValidator,
): ErrorObject[] | undefined {
  const at = alternative.instancePath;
  const value = valueAt(body, at);
  let best: ErrorObject[] | undefined;
  for (const branch of alternative.schema as unknown[]) {
    const fn = validatorOf(branch);
    if (!fn || fn(value)) return undefined;
    const found = (fn.errors ?? []).map((e) => ({ ...e, instancePath: at + e.instancePath }));
    if (!best || found.length < best.length) best = found;
  }
  return best;
}

/** Replaces the errors under each failed oneOf/anyOf by those of its closest branch. */
function narrow(errors: ErrorObject[], body: unknown, validatorOf: BranchValidator): ErrorObject[] {
  const out: ErrorObject[] = [];
  let pending = errors;
  for (;;) {
    const alternative = pending.find(failedAlternative);
    if (!alternative) return [...out, ...pending];
    const at = alternative.instancePath;
    const inside = pending.filter((e) => under(e.instancePath, at));
    pending = pending.filter((e) => !under(e.instancePath, at));
    const closest = closestBranch(alternative, body, validatorOf);
    out.push(...(closest ? narrow(closest, body, validatorOf) : inside));
  }
}

function shown(value: unknown): string {
  if (value === undefined) return "absent";
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function kind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${shown(value)}`;
}

/** One error, in words, naming its field. */
export function describeError(e: ErrorObject): string {
  const field = fieldName(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "required":
      return `${field} lacks "${String(p.missingProperty)}"`;
    case "type":
      return `${field} is ${kind(e.data)}, documented ${String(p.type)}`;
    case "enum":
      return `${field} is ${shown(e.data)}, documented one of ${(p.allowedValues as unknown[]).map(shown).join(", ")}`;
    case "const":
      return `${field} is ${shown(e.data)}, documented ${shown(p.allowedValue)}`;
    case "format":
      return `${field} is ${shown(e.data)}, not a ${String(p.format)}`;
    case "pattern":
      return `${field} is ${shown(e.data)}, documented to match ${String(p.pattern)}`;
    case "oneOf":
    case "anyOf":
      return `${field} matches none of its documented forms`;
    default:
      return `${field} ${e.message ?? "is invalid"}`;
  }
}

/**
 * The differences of a body, one line per kind: the same problem in 100 contacts is one line naming
 * the first ("contacts[0] lacks "modified" (and 99 more like it)").
 */
export function describeSchemaErrors(
  errors: ErrorObject[],
  body: unknown,
  validatorOf: BranchValidator,
): string[] {
  const groups = new Map<string, { first: string; more: number }>();
  for (const e of narrow(errors, body, validatorOf)) {
    const line = describeError(e);
    const key = `${e.keyword} ${e.instancePath.replace(/\/\d+(?=\/|$)/g, "/#")} ${JSON.stringify(e.params)}`;
    const group = groups.get(key);
    if (group) group.more++;
    else groups.set(key, { first: line, more: 0 });
  }
  return [...groups.values()].map((g) => (g.more > 0 ? `${g.first} (and ${g.more} more like it)` : g.first));
}
