import { createHash } from "node:crypto";
import type { PlanEntry } from "./types.js";

/** JSON with object keys sorted at every level, so equal data always gives equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(record).sort()) {
      if (record[key] !== undefined) sorted[key] = sortKeys(record[key]);
    }
    return sorted;
  }
  return value;
}

/**
 * The sha256 (hex) of the entries' canonical JSON. Every write the plan would make, including the
 * versions it was planned against, is in it: approving a hash approves exactly those writes.
 */
export function planHash(entries: readonly PlanEntry[]): string {
  return createHash("sha256").update(canonicalJson(entries)).digest("hex");
}
