import type { z } from "zod";
import { keyPathOf } from "../diagnostics/index.js";
import type { KeyPath, PathIssue } from "../diagnostics/index.js";
import { describeAt, objectOf, schemaAt, suggestKey, withoutTag } from "./schema-lookup.js";
import { getAt } from "./tree.js";

const TYPE_NAMES: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping of keys to values",
};

/**
 * Turns zod issues into operator-facing issues: one per unknown key (with a suggestion), a
 * "required" that says what the key is for, and wording that says how to fix it. Values are
 * never echoed, since any of them might be a secret.
 */
export function fromZodIssues(
  schema: z.ZodType,
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  prefix: KeyPath = [],
): PathIssue[] {
  return issues.flatMap((iss): PathIssue[] => {
    const path = [...prefix, ...keyPathOf(iss.path)];
    if (iss.code === "unrecognized_keys") return unknownKeys(schema, path, iss.keys);
    if (iss.code === "invalid_union" && iss.discriminator !== undefined && iss.errors.length === 0) {
      return unknownTag(schema, iss, path, input);
    }
    return [{ path, message: messageFor(schema, iss, path, input) }];
  });
}

function unknownKeys(schema: z.ZodType, path: KeyPath, keys: string[]): PathIssue[] {
  const object = objectOf(schemaAt(schema, path));
  return keys.map((key) => {
    const suggestion = object ? suggestKey(key, object) : undefined;
    const allowed = object ? Object.keys(object.shape).filter((k) => k !== "$schema") : [];
    const hint = suggestion ? `did you mean "${suggestion}"?` : `allowed here: ${allowed.join(", ")}`;
    return { path: [...path, key], message: `unknown key; ${hint}` };
  });
}

/**
 * A discriminated union's tag (`source.type`) is missing or names no option: zod then checks
 * nothing else of the value, so the rest is checked here as it would be for any option.
 */
function unknownTag(
  schema: z.ZodType,
  iss: z.core.$ZodIssueInvalidUnion,
  tagPath: KeyPath,
  input: unknown,
): PathIssue[] {
  const unionPath = tagPath.slice(0, -1);
  const options = "options" in iss && iss.options ? iss.options.map(String) : [];
  const message =
    getAt(input, tagPath) === undefined ? required(schema, tagPath) : `must be one of: ${options.join(", ")}`;
  const rest = withoutTag(schemaAt(schema, unionPath) ?? schema, String(tagPath[tagPath.length - 1]));
  const checked = rest?.safeParse(getAt(input, unionPath));
  const others =
    checked?.success === false ? fromZodIssues(schema, checked.error.issues, input, unionPath) : [];
  return [{ path: tagPath, message }, ...others];
}

/** "required", with what the key is for when the schema describes it. */
function required(schema: z.ZodType, path: KeyPath): string {
  const what = describeAt(schema, path);
  return what ? `required: ${lowerFirst(what)}` : "required";
}

function messageFor(schema: z.ZodType, iss: z.core.$ZodIssue, path: KeyPath, input: unknown): string {
  // Messages set in the schema itself are already written for the operator.
  if (!/^(Invalid|Too (big|small)|Unrecognized)/.test(iss.message)) return iss.message;
  switch (iss.code) {
    case "invalid_type": {
      const value = getAt(input, path);
      if (value === undefined) return required(schema, path);
      const expected = TYPE_NAMES[iss.expected] ?? iss.expected;
      const fromEnv =
        typeof value === "string" &&
        (iss.expected === "number" || iss.expected === "int" || iss.expected === "boolean")
          ? ` (write it without quotes; \${env:…} references always give text)`
          : "";
      return `must be ${expected}${fromEnv}`;
    }
    case "too_small":
      if (iss.origin === "string") return "must not be empty";
      if (iss.origin === "array") return `must list at least ${String(iss.minimum)} item(s)`;
      return `must be ${iss.inclusive ? "at least" : "greater than"} ${String(iss.minimum)}`;
    case "too_big":
      if (iss.origin === "array") return `must list at most ${String(iss.maximum)} item(s)`;
      return `must be ${iss.inclusive ? "at most" : "less than"} ${String(iss.maximum)}`;
    case "invalid_value":
      return `must be one of: ${iss.values.map(String).join(", ")}`;
    case "invalid_format":
      return iss.format === "url"
        ? "must be a URL, e.g. https://api.example.com"
        : `must be a valid ${iss.format}`;
    default: {
      const what = describeAt(schema, path);
      return what ? `is not valid: expected ${lowerFirst(what)}` : "is not valid";
    }
  }
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
