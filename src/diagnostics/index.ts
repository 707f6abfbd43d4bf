export { didYouMean } from "./did-you-mean.js";
export { byLine, locateAll, located } from "./issues.js";
export type { PathIssue } from "./issues.js";
export { formatKeyPath, keyPathOf } from "./key-path.js";
export type { KeyPath } from "./key-path.js";
export { lineFinder } from "./yaml-lines.js";
export type { LineOf } from "./yaml-lines.js";
