/**
 * The RDNs of a DN, normalised for comparison: split on unescaped commas, spaces around
 * separators dropped, lower-cased (AD compares DNs case-insensitively).
 */
export function normaliseDn(dn: string): string[] {
  const rdns: string[] = [];
  let current = "";
  for (let i = 0; i < dn.length; i++) {
    const ch = dn.charAt(i);
    if (ch === "\\" && i + 1 < dn.length) {
      current += ch + dn.charAt(i + 1);
      i++;
    } else if (ch === "," || ch === ";") {
      rdns.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  rdns.push(current);
  return rdns
    .map((rdn) =>
      rdn
        .trim()
        .replace(/\s*([=+])\s*/g, "$1")
        .toLowerCase(),
    )
    .filter((rdn) => rdn !== "");
}

/** True when `dn` is `base` or lies below it: a suffix match on whole RDNs, not on characters. */
export function isUnderBase(dn: string, base: string): boolean {
  return endsWith(normaliseDn(dn), normaliseDn(base));
}

/**
 * A test of whether a DN is at or below any of `bases` (true for every DN when there are none),
 * with the bases normalised once rather than once per entry.
 */
export function underAnyBase(bases: readonly string[]): (dn: string) => boolean {
  if (bases.length === 0) return () => true;
  const suffixes = bases.map(normaliseDn);
  return (dn) => {
    const entry = normaliseDn(dn);
    return suffixes.some((suffix) => endsWith(entry, suffix));
  };
}

function endsWith(entry: readonly string[], suffix: readonly string[]): boolean {
  if (suffix.length === 0) return true;
  if (suffix.length > entry.length) return false;
  const offset = entry.length - suffix.length;
  return suffix.every((rdn, i) => entry[offset + i] === rdn);
}
