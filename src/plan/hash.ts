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

/** Canonical text is handed to the hash in pieces of about this many characters. */
const PIECE = 65_536;

/**
 * The sha256 (hex) of the entries' canonical JSON. Every write the plan would make, including the
 * versions it was planned against, is in it: approving a hash approves exactly those writes.
 * The text is made entry by entry and hashed in pieces, so it is never held whole: for 100,000
 * creates it was one string of tens of megabytes, most of a dry run's peak memory.
 */
export function planHash(entries: readonly PlanEntry[]): string {
  const hash = createHash("sha256");
  let text = "[";
  for (let i = 0; i < entries.length; i++) {
    text += (i > 0 ? "," : "") + canonicalJson(entries[i]);
    if (text.length >= PIECE) {
      hash.update(text);
      text = "";
    }
  }
  return hash.update(text + "]").digest("hex");
}
