/** Where in a config or mapping file a problem is: map keys and list indexes, outermost first. */
export type KeyPath = readonly (string | number)[];

/** A zod issue's path as a KeyPath (zod allows symbol keys; YAML files cannot hold them). */
export function keyPathOf(path: readonly PropertyKey[]): KeyPath {
  return path.filter((p): p is string | number => typeof p !== "symbol");
}

/** `fields.title.transforms[2]`: dots between keys, list indexes in brackets. */
export function formatKeyPath(path: KeyPath): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? p : `.${p}`;
  }
  return out;
}
