import { z } from "zod";
import { didYouMean } from "../diagnostics/index.js";
import type { KeyPath } from "../diagnostics/index.js";

/**
 * The schema below a config path, looking through optional/default/prefault/pipe wrappers and
 * into the options of a discriminated union, so that messages can name the keys allowed there
 * and show a key's description.
 */
export function schemaAt(root: z.ZodType, path: KeyPath): z.ZodType | undefined {
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

/**
 * The object schema at `node`. For a union of objects (the config's `source`), one object with
 * the keys of every option, each as the first option that has it declares it.
 */
export function objectOf(node: z.ZodType | undefined): z.ZodObject | undefined {
  const inner = unwrap(node);
  if (inner?.def.type === "object") return inner as z.ZodObject;
  const options =
    inner?.def.type === "union" ? (inner as z.ZodUnion).options.map((o) => objectOf(o as z.ZodType)) : [];
  if (options.length === 0 || options.some((o) => o === undefined)) return undefined;
  const shape: Record<string, z.ZodType> = {};
  for (const option of options as z.ZodObject[]) {
    for (const [key, schema] of Object.entries(option.shape)) shape[key] ??= schema as z.ZodType;
  }
  return z.strictObject(shape);
}

/**
 * A discriminated union's keys, every one optional and the tag taking anything: what is left to
 * check of a value whose tag names no option (reported on its own), so that its other problems
 * are still found in the same pass.
 */
export function withoutTag(union: z.ZodType, tag: string): z.ZodObject | undefined {
  const object = objectOf(union);
  if (!object) return undefined;
  const shape = Object.entries(object.shape).map(([key, schema]) => [
    key,
    key === tag ? z.unknown() : (schema as z.ZodType).optional(),
  ]);
  return z.strictObject(Object.fromEntries(shape) as Record<string, z.ZodType>);
}

/** The description of a key, found on the outermost wrapper that has one. */
export function describeAt(root: z.ZodType, path: KeyPath): string | undefined {
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
 * (`source.caFile` → `tls.caFile`), else a close spelling.
 */
export function suggestKey(unknown: string, object: z.ZodObject): string | undefined {
  const allowed = Object.keys(object.shape);
  const lower = unknown.toLowerCase();
  for (const key of allowed) {
    const child = objectOf(object.shape[key] as z.ZodType);
    const nested = child && Object.keys(child.shape).find((k) => k.toLowerCase() === lower);
    if (nested) return `${key}.${nested}`;
  }
  return didYouMean(unknown, allowed);
}
