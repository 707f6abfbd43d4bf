export type {
  SyncReport,
  ActionCounts,
  ChangeRecord,
  ChangeStatus,
  FailureRecord,
  ConflictRecord,
  GuardRecord,
  NotWrittenReason,
  PendingDeleteRecord,
} from "./sync-report.js";
export type { CheckItem, CheckReport } from "./check-report.js";
export type { PreviewReport } from "./preview-report.js";
export { buildReport, type ReportInput } from "./build-report.js";
export { renderText, type TextOptions } from "./render-text.js";
export { renderJson, renderJsonPieces } from "./render-json.js";
export type { JsonLayout } from "./render-json.js";
export { renderCheckText, renderCheckJson } from "./render-check.js";
export { renderPreviewText, renderPreviewJson } from "./render-preview.js";
export {
  contractExitCode,
  renderContractText,
  renderContractJson,
  type ContractReport,
  type ContractStep,
} from "./render-contract.js";
export { renderMarkdown, markdownText, COUNT_ROWS, MARKDOWN_LIMIT } from "./render-markdown.js";
export { groupBy, groupLine, kindOf, type Group } from "./group-items.js";
