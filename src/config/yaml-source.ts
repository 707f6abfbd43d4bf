import { LineCounter, parseDocument } from "yaml";
import { lineFinder } from "../diagnostics/index.js";
import type { LineOf } from "../diagnostics/index.js";
import type { ConfigIssue } from "../model/errors.js";

/** A parsed config file that can tell on which line a key path sits. */
export interface ParsedSource {
  value: unknown;
  /** 1-based line of the deepest existing node along a path, if known. */
  lineOf: LineOf;
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
  const errors: ConfigIssue[] = doc.errors.map((e) => ({
    key: "",
    message: `${e.message.split("\n")[0] ?? e.message} (fix the YAML/JSON syntax)`,
    line: lineCounter.linePos(e.pos[0]).line,
  }));
  return {
    value: errors.length > 0 ? undefined : doc.toJS({ maxAliasCount: 1000 }),
    errors,
    lineOf: lineFinder(doc, lineCounter),
  };
}
