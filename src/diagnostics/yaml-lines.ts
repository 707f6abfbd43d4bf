import { isMap, isPair, isScalar, isSeq } from "yaml";
import type { Document, LineCounter, Node } from "yaml";
import type { KeyPath } from "./key-path.js";

/** Tells on which line of a parsed YAML (or JSON) file a key path sits. */
export type LineOf = (path: KeyPath) => number | undefined;

/**
 * The 1-based line of the deepest node along `path` that exists in the file: where a map entry's
 * key is written, or where a list item starts. A missing key thus points at its parent, which is
 * where it has to be added.
 */
export function lineFinder(doc: Document, counter: LineCounter): LineOf {
  const lineAt = (node: unknown): number | undefined => {
    const range = (node as Node | null | undefined)?.range;
    return range ? counter.linePos(range[0]).line : undefined;
  };
  return (path) => {
    let node: unknown = doc.contents;
    let line = lineAt(node);
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment),
        );
        if (!pair) return line;
        line = lineAt(pair.key) ?? line;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === "number") {
        const item: unknown = node.items[segment];
        if (item === undefined) return line;
        line = lineAt(item) ?? line;
        node = item;
      } else {
        return line;
      }
    }
    return line;
  };
}
