/**
 * The mapping file's wording of zod issues: `unknown key "x"` with a hint of what is allowed, and
 * for a union the issues of the branch the input was meant for. Key paths, lines, suggestions and
 * ordering come from the shared diagnostics.
 */
import type { z } from "zod";
import { formatKeyPath, keyPathOf, locateAll } from "../diagnostics/index.js";
import type { KeyPath, LineOf, PathIssue } from "../diagnostics/index.js";
import type { ConfigIssue } from "../model/errors.js";

function valueAt(root: unknown, path: KeyPath): unknown {
  let v = root;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

type Flat = z.core.$ZodIssue & { at: KeyPath };

/**
 * Flattens zod issues. A union reports every branch; keep the branch that matched the input's
 * shape (the one that did not fail on the type at its root), so "unknown key x" is reported
 * rather than "expected string".
 */
function flatten(issues: readonly z.core.$ZodIssue[], prefix: KeyPath, input: unknown): Flat[] {
  const out: Flat[] = [];
  for (const issue of issues) {
    const at = [...prefix, ...keyPathOf(issue.path)];
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const v = valueAt(input, at);
      const isObject = v !== null && typeof v === "object";
      const mismatch = (i: z.core.$ZodIssue): boolean =>
        i.path.length === 0 && (i.code === "invalid_type" || (isObject && i.code === "invalid_value"));
      const candidates = issue.errors.filter((branch) => !branch.some(mismatch));
      const [only] = candidates;
      if (candidates.length === 1 && only) {
        out.push(...flatten(only, at, input));
        continue;
      }
      out.push({
        ...issue,
        at,
        message:
          v === null || v === undefined
            ? "a value is needed here"
            : "expected an attribute name or an object (see the mapping schema)",
      });
      continue;
    }
    out.push({ ...issue, at });
  }
  return out;
}

/** Says what is allowed instead of an unknown key under `path`, or nothing. */
export type KeyHint = (path: KeyPath, key: string) => string;

/** The zod issues of a mapping file, with the compile problems found beside them, in file order. */
export function zodIssues(
  error: z.ZodError,
  input: unknown,
  lineOf: LineOf,
  hint: KeyHint,
  also: readonly PathIssue[] = [],
): ConfigIssue[] {
  const result: PathIssue[] = [];
  const issues = flatten(error.issues, [], input);
  // An unknown key also fails the object's own refinements (e.g. "exactly one of …"): say it once.
  const unknownAt = new Set(
    issues.filter((i) => i.code === "unrecognized_keys").map((i) => formatKeyPath(i.at)),
  );
  for (const issue of issues) {
    if (issue.code === "custom" && unknownAt.has(formatKeyPath(issue.at))) continue;
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        result.push({ path: [...issue.at, key], message: `unknown key "${key}"${hint(issue.at, key)}` });
      }
      continue;
    }
    result.push({ path: issue.at, message: issue.message });
  }
  return locateAll([...result, ...also], lineOf);
}
