import { distance as editDistance } from "fastest-levenshtein";
import type { z } from "zod";

/**
 * The schema below a config path, looking through optional/default/prefault/pipe wrappers,
 * so that messages can name the keys allowed there and show a key's description.
 */
export function schemaAt(root: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let node: z.ZodType | undefined = root;
  for (const segment of path) {
    const object = objectOf(node);
    if (object) {
      node = object.shape[String(segment)] as z.ZodType | undefined;
      continue;
    }
    const inner = unwrap(node);
    if (inner?.def.type === "array") node = (inner as z.ZodArray).element as z.ZodType;
    else return undefined;
  }
  return node;
}

export function unwrap(node: z.ZodType | undefined): z.ZodType | undefined {
  let current = node;
  for (let i = 0; i < 10 && current; i++) {
    const def = current.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
    if (def.innerType) current = def.innerType;
    else if (def.type === "pipe" && def.in) current = def.in;
    else break;
  }
  return current;
}

export function objectOf(node: z.ZodType | undefined): z.ZodObject | undefined {
  const inner = unwrap(node);
  return inner?.def.type === "object" ? (inner as z.ZodObject) : undefined;
}

/** The description of a key, found on the outermost wrapper that has one. */
export function describeAt(root: z.ZodType, path: readonly PropertyKey[]): string | undefined {
  let node = schemaAt(root, path);
  for (let i = 0; i < 10 && node; i++) {
    if (node.description) return node.description;
    const def = node.def as { innerType?: z.ZodType };
    node = def.innerType;
  }
  return undefined;
}

/**
 * The allowed key that `unknown` most likely meant: the same key one level down
 * (`source.caFile` → `tls.caFile`), else a close spelling (case-insensitive edit distance).
 */
export function suggestKey(unknown: string, object: z.ZodObject): string | undefined {
  const allowed = Object.keys(object.shape);
  const lower = unknown.toLowerCase();
  for (const key of allowed) {
    const child = objectOf(object.shape[key] as z.ZodType);
    const nested = child && Object.keys(child.shape).find((k) => k.toLowerCase() === lower);
    if (nested) return `${key}.${nested}`;
  }
  let best: { key: string; distance: number } | undefined;
  for (const key of allowed) {
    const distance = editDistance(lower, key.toLowerCase());
    if (!best || distance < best.distance) best = { key, distance };
  }
  const limit = Math.max(1, Math.floor(unknown.length / 3));
  return best && best.distance <= limit ? best.key : undefined;
}
