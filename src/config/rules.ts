import type { KeyPath, PathIssue } from "../diagnostics/index.js";
import { isRecord } from "./tree.js";

/**
 * Rules between values that the schema cannot say: how an LDAP URL's scheme goes with StartTLS.
 * They run over the resolved (interpolated, secrets read) but unvalidated tree, reading
 * defensively, so that they are reported even when the schema found problems elsewhere and the
 * user sees everything in one pass. A value of the wrong type is left to the schema.
 */
export function checkRules(raw: unknown): PathIssue[] {
  if (!isRecord(raw) || !isRecord(raw.source) || raw.source.type !== "ldap") return [];
  return ldapUrlRules(raw.source);
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
