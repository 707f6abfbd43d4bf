/**
 * One request of `check --contract`: sent once (with the transport's retries for 429 and 5xx), its
 * answer checked against the OpenAPI document, and the outcome classified for the report.
 */
import { UnavailableError } from "../model/errors.js";
import type { OpenApiContract } from "./openapi-contract.js";
import type { RawRequest, RawResponse, Transport } from "./transport.js";
import { apiError, errorCode } from "./wire.js";

/**
 * match: the answer is the documented one. differs: it breaks the document (`differences` names how).
 * unavailable: MBN could not be reached, refused the credentials, or kept failing (nothing learnt about
 * the contract). not-probed: a request before it, whose answer it needs, failed.
 */
export type ProbeOutcome = "match" | "differs" | "unavailable" | "not-probed";

export interface ProbeStep {
  /** The documented operation, e.g. "GET /catalog/enterprises/{enterpriseId}/contacts (listContacts)". */
  operation: string;
  /** What was asked, e.g. "one page of contacts". */
  purpose: string;
  expectedStatus: number;
  /** MBN's status; absent when there was no answer. */
  status?: number;
  outcome: ProbeOutcome;
  /** Each difference from the document, naming the field or header. */
  differences: string[];
  /** What the answer held, or why it was unavailable or not probed; never a secret. */
  detail: string;
}

export interface StepRequest {
  operationId: string;
  purpose: string;
  request: RawRequest;
  expectedStatus: number;
  /** The error code the contract (contract.ts) gives this answer, when it is an error. */
  expectedCode?: number;
  /** Statuses that mean MBN refused us (credentials, rights), not that the contract differs. */
  refusals?: readonly number[];
}

export interface StepResult {
  step: ProbeStep;
  /** The parsed JSON body of an answer with the expected status, for the requests that depend on it. */
  json?: unknown;
}

const DEFAULT_REFUSALS: readonly number[] = [401, 403];

/** A step that was not sent, and why. */
export function notProbed(
  contract: OpenApiContract,
  s: Omit<StepRequest, "request">,
  why: string,
): ProbeStep {
  const operation = contract.operation(s.operationId).label;
  return {
    operation,
    purpose: s.purpose,
    expectedStatus: s.expectedStatus,
    outcome: "not-probed",
    differences: [],
    detail: why,
  };
}

export async function probeStep(
  contract: OpenApiContract,
  transport: Transport,
  s: StepRequest,
): Promise<StepResult> {
  const base = {
    operation: contract.operation(s.operationId).label,
    purpose: s.purpose,
    expectedStatus: s.expectedStatus,
  };
  let answer: RawResponse;
  try {
    answer = await transport.send(s.request);
  } catch (error) {
    if (!(error instanceof UnavailableError)) throw error;
    return { step: { ...base, outcome: "unavailable", differences: [], detail: error.message } };
  }
  const status = answer.status;
  const differences = contract.check(s.operationId, answer);
  const at = { method: s.request.method, path: s.request.path };
  if (status !== s.expectedStatus) {
    const refused = (s.refusals ?? DEFAULT_REFUSALS).includes(status);
    if (refused || status === 429 || status >= 500) {
      const why = refused ? "MBN refused the request" : "MBN kept failing";
      const err = apiError(answer, at);
      const code = err.code === undefined ? "" : ` code ${err.code}`;
      const detail = `${why}: ${status}${code}, ${err.apiMessage}`;
      return { step: { ...base, status, outcome: "unavailable", differences, detail } };
    }
    differences.unshift(`answered ${status} where the document has ${s.expectedStatus} for this request`);
  } else if (s.expectedCode !== undefined) {
    const code = errorCode(answer);
    if (code !== undefined && code !== s.expectedCode)
      differences.push(`error code is ${code}, the contract's is ${s.expectedCode}`);
  }
  const outcome = differences.length > 0 ? "differs" : "match";
  const step: ProbeStep = { ...base, status, outcome, differences, detail: `answered ${status}` };
  // An answer with the expected status is passed on even when it differs: the next requests take
  // what they need from it (an enterpriseId) when that field itself is as documented.
  if (status !== s.expectedStatus) return { step };
  try {
    return { step, json: JSON.parse(answer.text) };
  } catch {
    return { step };
  }
}
