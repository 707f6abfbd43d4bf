export { executeWrites, describeError } from "./executor.js";
export { mbnContactWriter, WriteSkipped, type WriterOptions } from "./mbn-writer.js";
export { auditRecord } from "./audit-record.js";
export { writeToMbn, type WriteToMbnOptions } from "./write-to-mbn.js";
export type * from "./types.js";
