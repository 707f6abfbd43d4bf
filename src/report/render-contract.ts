import { ExitCode } from "../model/exit-code.js";

/** One request of `check --contract` (the shape src/mbn's probe returns). */
export interface ContractStep {
  /** The documented operation, e.g. "GET /catalog/enterprises/{enterpriseId}/contacts (listContacts)". */
  operation: string;
  purpose: string;
  expectedStatus: number;
  status?: number;
  outcome: "match" | "differs" | "unavailable" | "not-probed";
  /** Each difference from the OpenAPI document, naming the field or header. */
  differences: string[];
  detail: string;
}

/** What `check --contract` found: MBN's answers against the OpenAPI document the tool was built on. */
export interface ContractReport {
  version: 1;
  document: string;
  baseUrl: string;
  tokenUrl: string;
  steps: ContractStep[];
}

/** 0 when every answer matched; 69 when MBN could not be reached or refused us; else 65 (it differs). */
export function contractExitCode(report: ContractReport): ExitCode {
  if (report.steps.some((s) => s.outcome === "unavailable")) return ExitCode.unavailable;
  if (report.steps.some((s) => s.outcome !== "match")) return ExitCode.dataError;
  return ExitCode.ok;
}

const MARKS: Record<ContractStep["outcome"], string> = {
  match: "✓",
  differs: "✗",
  unavailable: "!",
  "not-probed": "–",
};

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** One line per request, its differences indented under it, then the verdict. */
export function renderContractText(report: ContractReport): string {
  const lines = [`Checking ${report.baseUrl} against ${report.document}`, ""];
  for (const step of report.steps) {
    lines.push(`${MARKS[step.outcome]} ${step.operation}: ${step.purpose}: ${step.detail}`);
    for (const difference of step.differences) lines.push(`    ${difference}`);
  }
  const count = (outcome: ContractStep["outcome"]): number =>
    report.steps.filter((s) => s.outcome === outcome).length;
  const differs = count("differs");
  const unavailable = count("unavailable");
  const notProbed = count("not-probed");
  lines.push("");
  if (differs + unavailable + notProbed === 0) {
    lines.push(`All ${report.steps.length} answers match the contract.`);
  } else {
    const parts = [
      differs > 0 ? `${plural(differs, "answer")} differ${differs === 1 ? "s" : ""} from the contract` : "",
      unavailable > 0
        ? `${plural(unavailable, "request")} could not be checked (MBN unavailable or refusing)`
        : "",
      notProbed > 0 ? `${plural(notProbed, "request")} not sent` : "",
    ].filter((p) => p !== "");
    lines.push(`${parts.join("; ")}.`);
  }
  return `${lines.join("\n")}\n`;
}

/** The `--json` document: the report as it is, each step with `ok` (its answer matched). */
export function renderContractJson(report: ContractReport): string {
  const steps = report.steps.map((s) => ({ ok: s.outcome === "match", ...s }));
  return `${JSON.stringify({ ...report, steps }, null, 2)}\n`;
}
