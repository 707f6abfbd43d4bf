export { parseLdif, type LdifEntry } from "./parse.js";
export { createLdifSource, type LdifSourceOptions } from "./ldif-source.js";
export { LdifSyntaxError } from "./ldif-error.js";
export { isUnderBase } from "./dn.js";
