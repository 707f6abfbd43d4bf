/** Small text helpers shared by the transforms and the contract check. */

/**
 * Cuts `value` to at most `limit` UTF-16 units without splitting a surrogate pair, so the result
 * fits whether the server counts code units or code points; trailing spaces left by the cut go.
 */
export function cut(value: string, limit: number): string {
  if (value.length <= limit) return value;
  let end = limit;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return value.slice(0, end).trimEnd();
}

const SPACES = /\s+/g;

export function collapseSpaces(value: string): string {
  return value.replace(SPACES, " ");
}

/** Quotes a value for a message, shortened so a 10 kB attribute does not flood the report. */
export function quote(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}
