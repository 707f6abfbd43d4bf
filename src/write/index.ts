export { executeWrites, describeError } from "./executor.js";
export { mbnContactWriter, type WriterOptions } from "./mbn-writer.js";
export { WriteSkipped } from "./write-skipped.js";
export { auditRecord } from "./audit-record.js";
export { writeToMbn, type WriteToMbnOptions } from "./write-to-mbn.js";
export type * from "./types.js";
