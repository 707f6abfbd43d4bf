import { formatKeyPath } from "../diagnostics/index.js";
import type { PathIssue } from "../diagnostics/index.js";
import { mapStrings } from "./tree.js";

/** `${env:NAME}`, or `$${env:NAME}` for the literal text `${env:NAME}`. */
const REFERENCE = /(\$?)\$\{env:([^}]*)\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Replaces `${env:NAME}` in every string of the raw config. Problems (unset variable, bad name)
 * become issues on the key that holds the reference; the value is then left as written.
 */
export function interpolateEnv(
  raw: unknown,
  env: NodeJS.ProcessEnv,
): { value: unknown; issues: PathIssue[] } {
  const issues: PathIssue[] = [];
  const value = mapStrings(raw, (s, path) =>
    s.replace(REFERENCE, (whole, escape: string, name: string) => {
      if (escape) return whole.slice(1);
      if (!NAME.test(name)) {
        issues.push({
          path,
          message: `"\${env:${name}}" is not a valid environment variable reference; use \${env:NAME} with letters, digits and _`,
        });
        return whole;
      }
      const found = env[name];
      if (found === undefined) {
        issues.push({
          path,
          message: `environment variable ${name} is not set; set it before running, or change the value of ${formatKeyPath(path)}`,
        });
        return whole;
      }
      return found;
    }),
  );
  return { value, issues };
}
