import type { ConfigIssue } from "../model/errors.js";
import { formatKeyPath } from "./key-path.js";
import type { KeyPath } from "./key-path.js";
import type { LineOf } from "./yaml-lines.js";

/** A problem found at a key path, before it is given its dotted key and line. */
export interface PathIssue {
  path: KeyPath;
  message: string;
}

/** The issue as reported: dotted key, and the line when the file has one for it. */
export function located(issue: PathIssue, lineOf: LineOf | undefined): ConfigIssue {
  const line = lineOf?.(issue.path);
  const key = formatKeyPath(issue.path);
  return line === undefined ? { key, message: issue.message } : { key, message: issue.message, line };
}

/**
 * Issues in file order, so the file can be fixed top to bottom in one pass; those without a line
 * go last, and the sort is stable, so issues on one line keep the order they were found in.
 */
export function byLine(issues: ConfigIssue[]): ConfigIssue[] {
  const at = (i: ConfigIssue): number => i.line ?? Number.MAX_SAFE_INTEGER;
  return issues.sort((a, b) => at(a) - at(b));
}

/** The issues located and in file order. */
export function locateAll(issues: readonly PathIssue[], lineOf: LineOf | undefined): ConfigIssue[] {
  return byLine(issues.map((i) => located(i, lineOf)));
}
