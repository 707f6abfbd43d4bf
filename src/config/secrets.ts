import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { formatKeyPath } from "../diagnostics/index.js";
import type { KeyPath, PathIssue } from "../diagnostics/index.js";
import { isRecord } from "../model/is-record.js";

/**
 * Where each secret lives: the object holding it (`at`, a key path), the value key consumers read,
 * and the `…File` key that may fill it.
 */
export const SECRET_KEYS: readonly { at: readonly string[]; value: string; file: string }[] = [
  { at: ["source"], value: "bindPassword", file: "bindPasswordFile" },
  { at: ["mbn"], value: "clientSecret", file: "clientSecretFile" },
  { at: ["mbn"], value: "password", file: "passwordFile" },
  { at: ["notify", "email"], value: "password", file: "passwordFile" },
  { at: ["notify", "webhook"], value: "url", file: "urlFile" },
];

/** The object at `at` in a config tree, when there is one. */
export function nodeAt(tree: unknown, at: readonly string[]): Record<string, unknown> | undefined {
  let node = tree;
  for (const key of at) node = isRecord(node) ? node[key] : undefined;
  return isRecord(node) ? node : undefined;
}

/**
 * Reads the `…File` secrets into their value keys (so consumers only read `bindPassword`,
 * `clientSecret`, `password`) and makes the file keys absolute. Mutates `raw`, which is the
 * loader's private copy. Works on the unvalidated tree so that its problems are reported with
 * the schema's.
 */
export async function resolveSecretFiles(raw: unknown, baseDir: string): Promise<PathIssue[]> {
  const issues: PathIssue[] = [];
  if (!isRecord(raw)) return issues;
  for (const { at, value, file } of SECRET_KEYS) {
    const node = nodeAt(raw, at);
    if (!node) continue;
    const given = node[file];
    if (typeof given !== "string" || given === "") continue; // wrong types are the schema's to report
    const path: KeyPath = [...at, file];
    const key = formatKeyPath(path);
    if (node[value] !== undefined) {
      issues.push({
        path,
        message: `both ${formatKeyPath([...at, value])} and ${key} are set; keep only one of them`,
      });
      continue;
    }
    const absolute = resolve(baseDir, given);
    node[file] = absolute;
    try {
      const content = (await readFile(absolute, "utf8")).replace(/[\r\n]+$/, "");
      if (content === "") {
        issues.push({ path, message: `secret file ${absolute} is empty; put the secret in it` });
        continue;
      }
      node[value] = content;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "error";
      issues.push({
        path,
        message: `cannot read secret file ${absolute} (${code}); check the path and that this user may read it`,
      });
    }
  }
  return issues;
}

/**
 * Leaves out "required" for a secret whose `…File` key has an issue of its own: the file is the
 * one cause, and the value key is only empty because of it.
 */
export function withoutSecretsCoveredByFiles(issues: PathIssue[], raw: unknown): PathIssue[] {
  const reported = new Set(issues.map((i) => formatKeyPath(i.path)));
  return issues.filter((issue) => {
    const key = formatKeyPath(issue.path);
    const secret = SECRET_KEYS.find((s) => formatKeyPath([...s.at, s.value]) === key);
    if (!secret || !reported.has(formatKeyPath([...secret.at, secret.file]))) return true;
    const value = nodeAt(raw, secret.at)?.[secret.value];
    return value !== undefined && value !== "";
  });
}
