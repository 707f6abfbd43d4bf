import { distance } from "fastest-levenshtein";
/**
 * Turns zod issues and compile problems into ConfigIssues that name the key path
 * (`fields.title.transforms[2]`) and the line in the mapping file.
 */
import { isMap, isPair, isScalar, type Document, type LineCounter } from "yaml";
import type { z } from "zod";
import type { ConfigIssue } from "../model/errors.js";

export type Path = readonly PropertyKey[];

export function formatPath(path: Path): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? String(p) : `.${String(p)}`;
  }
  return out;
}

/** Finds the line of the node at `path`, or of its nearest ancestor that exists. */
export class LineFinder {
  constructor(
    private readonly doc: Document,
    private readonly counter: LineCounter,
  ) {}

  /**
   * The line of `path`: where its key is written when it is a map entry (`title:`), else where its
   * node starts (a list item). With `keyOf`, the line of that key inside the map at `path`.
   */
  line(path: Path, keyOf?: string): number | undefined {
    if (keyOf !== undefined) {
      const at = this.keyLine(path, keyOf);
      if (at !== undefined) return at;
    }
    for (let n = path.length; n >= 0; n--) {
      const last = path[n - 1];
      if (typeof last === "string") {
        const at = this.keyLine(path.slice(0, n - 1), last);
        if (at !== undefined) return at;
      }
      const node: unknown = this.doc.getIn(path.slice(0, n), true);
      const range = (node as { range?: [number, number, number] | null } | undefined)?.range;
      if (range) return this.counter.linePos(range[0]).line;
    }
    return undefined;
  }

  private keyLine(mapPath: Path, key: string): number | undefined {
    const node: unknown = mapPath.length === 0 ? this.doc.contents : this.doc.getIn(mapPath, true);
    if (!isMap(node)) return undefined;
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
    const k: unknown = pair?.key;
    return isScalar(k) && k.range ? this.counter.linePos(k.range[0]).line : undefined;
  }
}

function valueAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/**
 * Flattens zod issues. A union reports every branch; keep the branch that matched the input's
 * shape (the one that did not fail on the type at its root), so "unknown key x" is reported
 * rather than "expected string".
 */
function flatten(issues: readonly z.core.$ZodIssue[], prefix: Path, input: unknown): z.core.$ZodIssue[] {
  const out: z.core.$ZodIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const v = valueAt(input, path);
      const isObject = v !== null && typeof v === "object";
      const mismatch = (i: z.core.$ZodIssue): boolean =>
        i.path.length === 0 && (i.code === "invalid_type" || (isObject && i.code === "invalid_value"));
      const candidates = issue.errors.filter((branch) => !branch.some(mismatch));
      const [only] = candidates;
      if (candidates.length === 1 && only) {
        out.push(...flatten(only, path, input));
        continue;
      }
      out.push({
        ...issue,
        path,
        message:
          v === null || v === undefined
            ? "a value is needed here"
            : "expected an attribute name or an object (see the mapping schema)",
      });
      continue;
    }
    out.push({ ...issue, path });
  }
  return out;
}

/** Says what is allowed instead of an unknown key under `path`, or nothing. */
export type KeyHint = (path: Path, key: string) => string;

export function zodIssues(
  error: z.ZodError,
  input: unknown,
  lines: LineFinder,
  hint: KeyHint,
): ConfigIssue[] {
  const result: ConfigIssue[] = [];
  const issues = flatten(error.issues, [], input);
  // An unknown key also fails the object's own refinements (e.g. "exactly one of …"): say it once.
  const unknownAt = new Set(
    issues.filter((i) => i.code === "unrecognized_keys").map((i) => formatPath(i.path)),
  );
  for (const issue of issues) {
    if (issue.code === "custom" && unknownAt.has(formatPath(issue.path))) continue;
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        result.push({
          key: formatPath([...issue.path, key]),
          message: `unknown key "${key}"${hint(issue.path, key)}`,
          line: lines.line(issue.path, key),
        });
      }
      continue;
    }
    result.push({ key: formatPath(issue.path), message: issue.message, line: lines.line(issue.path) });
  }
  return byLine(result);
}

/** The allowed key nearest to a misspelt one (case-insensitive, at most two edits), if any. */
export function nearest(key: string, allowed: readonly string[]): string | undefined {
  const k = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const a of allowed) {
    const d = distance(k, a.toLowerCase());
    if (d < bestDistance) {
      best = a;
      bestDistance = d;
    }
  }
  return best;
}

/** Issues in file order, those without a line last (a stable sort keeps zod's order otherwise). */
export function byLine(issues: ConfigIssue[]): ConfigIssue[] {
  const at = (i: ConfigIssue): number => i.line ?? Number.MAX_SAFE_INTEGER;
  return issues.sort((a, b) => at(a) - at(b));
}
