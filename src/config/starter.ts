/**
 * Where the starter config tells editors (yaml-language-server) to find the config's JSON Schema: the
 * copy shipped in the package, as installed next to the config by `npm install mbn-ad-sync`. A global
 * install or a config kept elsewhere needs the path (or a URL) edited; a wrong path only costs completion.
 */
export const STARTER_SCHEMA_REF = "./node_modules/mbn-ad-sync/mbn-ad-sync.schema.json";

/**
 * The commented starter config written by `mbn-ad-sync init`. Secrets come from the
 * environment (or `…File` keys), never from the file itself. A unit test loads it, so it
 * stays valid against the schema.
 */
export function starterConfig(): string {
  return STARTER;
}

const STARTER = `# yaml-language-server: $schema=${STARTER_SCHEMA_REF}
#
# mbn-ad-sync configuration. Values may be \${env:NAME} (read from the environment at run time);
# secrets may instead come from files: bindPasswordFile, clientSecretFile, passwordFile.
# Relative paths are relative to this file. Run \`mbn-ad-sync check\` after editing.

source:
  type: ldap                          # ldap (Active Directory) | ldif (a file: see the end of this section)
  # Domain controllers, tried in order. ldaps:// (port 636) is preferred; for ldap:// (389)
  # set startTls: true, since a simple bind would otherwise send the password in clear.
  url:
    - ldaps://dc1.corp.example:636
    - ldaps://dc2.corp.example:636
  startTls: false
  bindDn: svc-mbnsync@corp.example    # UPN, DOMAIN\\user or DN of a read-only service account
  bindPassword: \${env:LDAP_BIND_PASSWORD}   # or: bindPasswordFile: /run/secrets/ldap-bind
  tls:
    # caFile: ./corp-ca.pem           # CA that signed the DC certificates, if not a public one
    # serverName: dc1.corp.example    # name in the certificate, if it differs from the URL's
    insecureSkipVerify: false         # never true in production
  baseDns:                            # subtrees to search
    - OU=Staff,DC=corp,DC=example
  filter: "(&(objectCategory=person)(objectClass=user))"
  memberOf: []                        # e.g. ["CN=MBN Directory,OU=Groups,DC=corp,DC=example"]; nested groups count
  disabledAccounts: exclude           # exclude | include
  pageSize: 500                       # 1-1000 (AD's MaxPageSize is 1000)
  timeouts:
    connectMs: 10000                  # per domain controller
    operationMs: 30000                # per LDAP operation
    totalMs: 600000                   # the whole read
# An LDIF file (an export, or test data) instead of a domain controller takes only these keys;
# the LDAP ones above (url, bind*, tls, filter, memberOf, pageSize, timeouts …) are refused:
# source:
#   type: ldif
#   file: ./users.ldif                # read whole: every user entry in it
#   baseDns: []                       # optional: only entries at or below these DNs
#   disabledAccounts: exclude         # exclude | include

# How AD attributes become contact fields. Leave out to use the shipped
# mappings/active-directory.yaml; copy it next to this file to change it.
# mapping: ./active-directory.yaml

mbn:
  baseUrl: https://mbn.example.invalid   # the API root from the partner agreement, without /catalog
  # tokenUrl: https://mbn.example.invalid/oauth/v2/token   # only if not the default
  clientId: \${env:MBN_CLIENT_ID}
  clientSecret: \${env:MBN_CLIENT_SECRET}        # or: clientSecretFile: /run/secrets/mbn-client
  username: \${env:MBN_USERNAME}
  password: \${env:MBN_PASSWORD}                 # or: passwordFile: /run/secrets/mbn-password
  # enterpriseId: E1001                         # otherwise read from catalog/userInfo
  concurrency: 4                    # writes in flight at once (1-32)
  requestsPerSecond: 10
  timeoutMs: 30000                  # per HTTP request
  # caFile: ./proxy-ca.pem          # extra CA to trust, e.g. a TLS-inspecting proxy

sync:
  externalIdPrefix: "ad:"           # marks the contacts this tool owns; others are never touched
  deletes: delete                   # delete | keep: what happens to contacts of users who left
  maxDeletes: 50                    # more deletes than this stops the run (exit 3) ...
  maxDeletePercent: 10              # ... as does deleting more than this share of managed contacts
  minDeletesForPercentGuard: 10     # the share guards stop a run only from this many deletes on
  deleteAfter: 0                    # keep a leaver's contact this long first: 0, 45s, 30m, 72h, 7d
  # adopt:                          # take over hand-entered contacts that match a user
  #   matchBy: [email]              # email and/or mobile
  fullResyncAfterDays: 7            # re-read every MBN contact at least this often

state:
  dir: ./.mbn-ad-sync               # mirror of MBN contacts, lock and audit log
`;
