/** Small helpers over the untyped config tree, used before the schema has vouched for it. */
import type { KeyPath } from "../diagnostics/index.js";
import { isRecord } from "../model/is-record.js";

export function getAt(root: unknown, path: KeyPath): unknown {
  let node = root;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === "number") node = node[segment];
    else if (isRecord(node) && typeof segment === "string") node = node[segment];
    else return undefined;
  }
  return node;
}

/** Returns a copy of `value` with every string replaced by `fn(string, path)`. */
export function mapStrings(
  value: unknown,
  fn: (s: string, path: KeyPath) => string,
  path: KeyPath = [],
): unknown {
  if (typeof value === "string") return fn(value, path);
  if (Array.isArray(value)) return value.map((v, i) => mapStrings(v, fn, [...path, i]));
  if (isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn, [...path, k])]));
  }
  return value;
}
