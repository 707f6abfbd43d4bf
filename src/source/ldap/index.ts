export { createLdapSource } from "./source.js";
export { isLdapSource } from "./ldap-directory-source.js";
export type { IncrementalProbe, LdapDirectorySource } from "./ldap-directory-source.js";
export type { LdapSourceOptions, LdapSourceEvent } from "./options.js";
export { MAX_PAGE_SIZE } from "./options.js";
