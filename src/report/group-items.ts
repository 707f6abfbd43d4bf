/**
 * Warnings and skips grouped by kind, for people reading a report: one line per kind with its count and
 * the first few users, instead of one line per user (616 lines for 960 people become about ten).
 */

export interface Group<T> {
  kind: string;
  /** The users of this kind, each once, sorted. */
  users: string[];
  /** Every item of this kind, in the users' order. */
  items: T[];
}

/** A message without its values (quoted text, the leading count), so that one kind of problem is one group. */
export function kindOf(message: string): string {
  return message
    .replace(/"(?:[^"\\]|\\.)*"/g, "…")
    .replace(/'(?:[^'\\]|\\.)*'/g, "…")
    .replace(/^\d+ /, "… ")
    .trim();
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Groups by kind: the largest first (then by kind), users sorted. */
export function groupBy<T>(
  items: readonly T[],
  kind: (item: T) => string,
  user: (item: T) => string,
): Group<T>[] {
  const byKind = new Map<string, T[]>();
  for (const item of items) {
    const key = kind(item);
    const list = byKind.get(key);
    if (list) list.push(item);
    else byKind.set(key, [item]);
  }
  return [...byKind.entries()]
    .map(([k, list]) => {
      const sorted = [...list].sort((a, b) => byName(user(a), user(b)));
      return { kind: k, users: [...new Set(sorted.map(user))], items: sorted };
    })
    .sort((a, b) => b.users.length - a.users.length || byName(a.kind, b.kind));
}

/** `phone extension dropped — 48 users: u00109, u00189, u00269 and 45 more`. */
export function groupLine(group: Group<unknown>, first = 3): string {
  const n = group.users.length;
  const shown = group.users.slice(0, first).join(", ");
  const more = n > first ? ` and ${n - first} more` : "";
  return `${group.kind} — ${n} user${n === 1 ? "" : "s"}: ${shown}${more}`;
}
