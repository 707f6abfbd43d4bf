import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import type { Document, Node } from "yaml";
import type { ConfigIssue } from "../model/errors.js";

/** A parsed config file that can tell on which line a key path sits. */
export interface ParsedSource {
  value: unknown;
  /** 1-based line of the deepest existing node along `path`, if known. */
  lineOf(path: readonly PropertyKey[]): number | undefined;
  /** Syntax problems; when non-empty, `value` must not be used. */
  errors: ConfigIssue[];
}

/**
 * Parses YAML (and JSON, a subset of YAML 1.2) with the `yaml` package, keeping the node tree
 * so that issues found later can name a line. Error messages leave out the source excerpt
 * that the parser can add: that line may hold a secret.
 */
export function parseYamlSource(text: string): ParsedSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;
  const errors: ConfigIssue[] = doc.errors.map((e) => ({
    key: "",
    message: `${e.message.split("\n")[0] ?? e.message} (fix the YAML/JSON syntax)`,
    line: lineAt(e.pos[0]),
  }));
  return {
    value: errors.length > 0 ? undefined : doc.toJS({ maxAliasCount: 1000 }),
    errors,
    lineOf: (path) => lineOfPath(doc, path, lineAt),
  };
}

function lineOfPath(
  doc: Document,
  path: readonly PropertyKey[],
  lineAt: (offset: number) => number,
): number | undefined {
  let node: unknown = doc.contents;
  let line: number | undefined = startLine(node, lineAt);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment),
      );
      if (!pair) return line;
      line = startLine(pair.key, lineAt) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      const item: unknown = node.items[segment];
      if (item === undefined) return line;
      line = startLine(item, lineAt) ?? line;
      node = item;
    } else {
      return line;
    }
  }
  return line;
}

function startLine(node: unknown, lineAt: (offset: number) => number): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? lineAt(range[0]) : undefined;
}
