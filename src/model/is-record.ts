/** A plain object of string keys (not null, not an array): untyped data before a schema vouches for it. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
