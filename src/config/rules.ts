import type { ConfigIssue } from "../model/errors.js";
import { dotted, isRecord } from "./tree.js";
import type { Path } from "./tree.js";

type Issue = ConfigIssue & { path: Path };

/**
 * Cross-field rules over the resolved (interpolated, secrets read) but unvalidated tree. They
 * read defensively so that they can run even when the schema found problems elsewhere, and
 * the user sees everything in one pass. A value of the wrong type is left to the schema.
 */
export function checkRules(raw: unknown): Issue[] {
  if (!isRecord(raw)) return [];
  const issues: Issue[] = [];
  if (isRecord(raw.source)) issues.push(...sourceRules(raw.source));
  if (isRecord(raw.mbn)) issues.push(...mbnRules(raw.mbn));
  return issues;
}

function issue(path: Path, message: string): Issue {
  return { path, key: dotted(path), message };
}

function missing(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

function sourceRules(source: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  if (source.type === "ldif" && missing(source.file)) {
    issues.push(issue(["source", "file"], "required for type ldif: the LDIF file to read users from"));
  }
  if (source.type !== "ldap") return issues;

  if (missing(source.url)) {
    issues.push(
      issue(
        ["source", "url"],
        "required for type ldap: the URL of a domain controller, e.g. ldaps://dc1.corp.example:636",
      ),
    );
  }
  if (missing(source.bindDn)) {
    issues.push(
      issue(["source", "bindDn"], "required for type ldap: the account to bind as (UPN, DOMAIN\\user or DN)"),
    );
  }
  if (missing(source.bindPassword) && source.bindPasswordFile === undefined) {
    issues.push(
      issue(
        ["source", "bindPassword"],
        "required for type ldap: set source.bindPassword (e.g. ${env:LDAP_BIND_PASSWORD}) or source.bindPasswordFile",
      ),
    );
  }
  if (missing(source.baseDns) || (Array.isArray(source.baseDns) && source.baseDns.length === 0)) {
    issues.push(
      issue(
        ["source", "baseDns"],
        'required for type ldap: a list of subtrees to search, e.g. ["OU=Staff,DC=corp,DC=example"]',
      ),
    );
  }

  const urls: unknown[] = Array.isArray(source.url) ? source.url : [source.url];
  urls.forEach((url, i) => {
    if (typeof url !== "string" || url === "") return;
    const path: Path = Array.isArray(source.url) ? ["source", "url", i] : ["source", "url"];
    const scheme = /^([a-z]+):\/\//i.exec(url)?.[1]?.toLowerCase();
    if (scheme !== "ldap" && scheme !== "ldaps") {
      issues.push(
        issue(
          path,
          "must start with ldaps:// (or ldap:// with startTls: true), e.g. ldaps://dc1.corp.example:636",
        ),
      );
    } else if (scheme === "ldap" && source.startTls !== true && source.allowPlaintextBind !== true) {
      issues.push(
        issue(
          path,
          "an ldap:// URL without startTls: true would send the bind password in clear (simple bind); " +
            "use ldaps://, or set source.startTls: true, or (trusted test networks only) source.allowPlaintextBind: true",
        ),
      );
    } else if (scheme === "ldaps" && source.startTls === true) {
      issues.push(
        issue(["source", "startTls"], "startTls applies to ldap:// URLs only; remove it for ldaps://"),
      );
    }
  });
  return issues;
}

function mbnRules(mbn: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  if (missing(mbn.clientId)) {
    issues.push(issue(["mbn", "clientId"], "required: the OAuth client id, e.g. ${env:MBN_CLIENT_ID}"));
  }
  if (missing(mbn.clientSecret) && mbn.clientSecretFile === undefined) {
    issues.push(
      issue(
        ["mbn", "clientSecret"],
        "required: set mbn.clientSecret (e.g. ${env:MBN_CLIENT_SECRET}) or mbn.clientSecretFile",
      ),
    );
  }
  if (missing(mbn.username)) {
    issues.push(issue(["mbn", "username"], "required: the MBN API user name, e.g. ${env:MBN_USERNAME}"));
  }
  if (missing(mbn.password) && mbn.passwordFile === undefined) {
    issues.push(
      issue(["mbn", "password"], "required: set mbn.password (e.g. ${env:MBN_PASSWORD}) or mbn.passwordFile"),
    );
  }
  return issues;
}
