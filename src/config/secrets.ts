import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { ConfigIssue } from "../model/errors.js";
import { isRecord } from "./tree.js";
import type { Path } from "./tree.js";

/** Where each secret lives: the value key consumers read, and the `…File` key that may fill it. */
export const SECRET_KEYS = [
  { section: "source", value: "bindPassword", file: "bindPasswordFile" },
  { section: "mbn", value: "clientSecret", file: "clientSecretFile" },
  { section: "mbn", value: "password", file: "passwordFile" },
] as const;

/**
 * Reads the `…File` secrets into their value keys (so consumers only read `bindPassword`,
 * `clientSecret`, `password`) and makes the file keys absolute. Mutates `raw`, which is the
 * loader's private copy. Works on the unvalidated tree so that its problems are reported with
 * the schema's.
 */
export async function resolveSecretFiles(
  raw: unknown,
  baseDir: string,
): Promise<(ConfigIssue & { path: Path })[]> {
  const issues: (ConfigIssue & { path: Path })[] = [];
  if (!isRecord(raw)) return issues;
  for (const { section, value, file } of SECRET_KEYS) {
    const node = raw[section];
    if (!isRecord(node)) continue;
    const given = node[file];
    if (typeof given !== "string" || given === "") continue; // wrong types are the schema's to report
    const path: Path = [section, file];
    const key = `${section}.${file}`;
    if (node[value] !== undefined) {
      issues.push({
        path,
        key,
        message: `both ${section}.${value} and ${key} are set; keep only one of them`,
      });
      continue;
    }
    const absolute = resolve(baseDir, given);
    node[file] = absolute;
    try {
      const content = (await readFile(absolute, "utf8")).replace(/[\r\n]+$/, "");
      if (content === "") {
        issues.push({ path, key, message: `secret file ${absolute} is empty; put the secret in it` });
        continue;
      }
      node[value] = content;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "error";
      issues.push({
        path,
        key,
        message: `cannot read secret file ${absolute} (${code}); check the path and that this user may read it`,
      });
    }
  }
  return issues;
}
