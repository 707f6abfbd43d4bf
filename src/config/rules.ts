import type { KeyPath, PathIssue } from "../diagnostics/index.js";
import { SOURCE_KEYS_NOT_FOR } from "./source-schema.js";
import { isRecord } from "../model/is-record.js";

/**
 * Rules between values that the schema cannot say: how an LDAP URL's scheme goes with StartTLS,
 * and that mbn.baseUrl is the API root. They run over the resolved (interpolated, secrets read)
 * but unvalidated tree, reading defensively, so that they are reported even when the schema found
 * problems elsewhere and the user sees everything in one pass. A value of the wrong type is left
 * to the schema.
 */
export function checkRules(raw: unknown): PathIssue[] {
  if (!isRecord(raw)) return [];
  const source = isRecord(raw.source) && raw.source.type === "ldap" ? ldapUrlRules(raw.source) : [];
  return [...source, ...(isRecord(raw.mbn) ? baseUrlRules(raw.mbn) : [])];
}

/**
 * Takes out of `raw.source` the keys its type has no use for (an LDIF source's url, filter,
 * memberOf …) and reports each with the reason. Runs before secrets are read and the schema
 * checks the rest, so that a refused `bindPassword: ${env:…}` is reported as not used rather than
 * as an unset variable, and is not reported twice.
 */
export function takeKeysNotForSourceType(raw: unknown): PathIssue[] {
  if (!isRecord(raw) || !isRecord(raw.source)) return [];
  const { source } = raw;
  const type = source.type;
  if (type !== "ldap" && type !== "ldif") return [];
  const name = type === "ldif" ? "an LDIF source" : "an LDAP source";
  const issues: PathIssue[] = [];
  for (const [key, why] of Object.entries(SOURCE_KEYS_NOT_FOR[type])) {
    if (!(key in source)) continue;
    issues.push({ path: ["source", key], message: `not used by ${name} (type: ${type}): ${why}` });
    // Reported here once; the schema and the secret files need not see it.
    Reflect.deleteProperty(source, key);
  }
  return issues;
}

function baseUrlRules(mbn: Record<string, unknown>): PathIssue[] {
  const { baseUrl } = mbn;
  if (typeof baseUrl !== "string") return [];
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return []; // the schema says it is not a URL
  }
  const path = url.pathname.replace(/\/+$/, "");
  if (!/\/catalog$/i.test(path)) return [];
  url.pathname = path.slice(0, -"/catalog".length) || "/";
  const root = url.href.replace(/\/$/, "");
  return [
    {
      path: ["mbn", "baseUrl"],
      message:
        `ends in /catalog, but the base URL is the API root: the tool adds catalog/… itself ` +
        `(this would call ${path}/catalog/userInfo); use ${root}`,
    },
  ];
}

function ldapUrlRules(source: Record<string, unknown>): PathIssue[] {
  const issues: PathIssue[] = [];
  const urls: unknown[] = Array.isArray(source.url) ? source.url : [source.url];
  urls.forEach((url, i) => {
    if (typeof url !== "string" || url === "") return;
    const path: KeyPath = Array.isArray(source.url) ? ["source", "url", i] : ["source", "url"];
    const scheme = /^([a-z]+):\/\//i.exec(url)?.[1]?.toLowerCase();
    if (scheme !== "ldap" && scheme !== "ldaps") {
      issues.push({
        path,
        message:
          "must start with ldaps:// (or ldap:// with startTls: true), e.g. ldaps://dc1.corp.example:636",
      });
    } else if (scheme === "ldap" && source.startTls !== true && source.allowPlaintextBind !== true) {
      issues.push({
        path,
        message:
          "an ldap:// URL without startTls: true would send the bind password in clear (simple bind); " +
          "use ldaps://, or set source.startTls: true, or (trusted test networks only) source.allowPlaintextBind: true",
      });
    } else if (scheme === "ldaps" && source.startTls === true) {
      issues.push({
        path: ["source", "startTls"],
        message: "startTls applies to ldap:// URLs only; remove it for ldaps://",
      });
    }
  });
  return issues;
}
