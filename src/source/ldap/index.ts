export { createLdapSource, isLdapSource } from "./source.js";
export type { IncrementalProbe, LdapDirectorySource } from "./source.js";
export type { LdapSourceOptions, LdapSourceEvent } from "./options.js";
export { MAX_PAGE_SIZE } from "./options.js";
