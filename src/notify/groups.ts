/** Items grouped by kind, for a message people read: one line per kind, with a count and the first few users. */

export interface Group {
  kind: string;
  users: string[];
}

/** A message's values (quoted numbers, names) left out, so that one kind of problem makes one group. */
export function kindOf(message: string): string {
  return message
    .replace(/"(?:[^"\\]|\\.)*"/g, "…")
    .replace(/'(?:[^'\\]|\\.)*'/g, "…")
    .trim();
}

/** Groups by kind: largest first (then by name), users sorted. */
export function groupBy<T>(
  items: readonly T[],
  kind: (item: T) => string,
  user: (item: T) => string,
): Group[] {
  const byKind = new Map<string, string[]>();
  for (const item of items) {
    const key = kind(item);
    const users = byKind.get(key) ?? [];
    users.push(user(item));
    byKind.set(key, users);
  }
  return [...byKind.entries()]
    .map(([k, users]) => ({ kind: k, users: users.sort((a, b) => a.localeCompare(b)) }))
    .sort((a, b) => b.users.length - a.users.length || a.kind.localeCompare(b.kind));
}

/** `phone extension dropped — 48 users: u00109, u00189, u00269 and 45 more`. */
export function groupLine(group: Group, first = 3): string {
  const n = group.users.length;
  const shown = group.users.slice(0, first).join(", ");
  const more = n > first ? ` and ${n - first} more` : "";
  return `${group.kind} — ${n} user${n === 1 ? "" : "s"}: ${shown}${more}`;
}
