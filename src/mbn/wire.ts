import type { z } from "zod";
import { ErrorBodySchema } from "./contract.js";
import { MbnApiError } from "./errors.js";
import type { RawResponse } from "./transport.js";

export interface CallSite {
  method: string;
  path: string;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.length > 0 ? issue.path.map(String).join(".") : "(body)";
  return `field "${field}": ${issue.message}`;
}

/** Parses a success body against its schema; a broken answer names the field that broke. */
export function parseAnswer<S extends z.ZodType>(res: RawResponse, schema: S, at: CallSite): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(res.text);
  } catch {
    throw new MbnApiError({ ...at, status: res.status, message: `answer is not JSON: ${snippet(res.text)}` });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const what = first ? describeIssue(first) : "does not match the contract";
    throw new MbnApiError({ ...at, status: res.status, message: `malformed answer, ${what}` });
  }
  return parsed.data;
}

/** The contract's JSON error if the body is one; proxies send HTML or nothing, which is described instead. */
export function apiError(res: RawResponse, at: CallSite): MbnApiError {
  let json: unknown;
  try {
    json = JSON.parse(res.text);
  } catch {
    json = undefined;
  }
  const body = ErrorBodySchema.safeParse(json);
  if (body.success) {
    return new MbnApiError({
      ...at,
      status: res.status,
      code: body.data.code,
      message: body.data.message,
      fieldErrors: body.data.errors ?? [],
      existingId: body.data.existingId,
    });
  }
  const message = res.text.trim() === "" ? "empty answer" : `non-JSON answer: ${snippet(res.text)}`;
  return new MbnApiError({ ...at, status: res.status, message });
}

/** The code of a JSON error body, if any. */
export function errorCode(res: RawResponse): number | undefined {
  try {
    const body = ErrorBodySchema.safeParse(JSON.parse(res.text));
    return body.success ? body.data.code : undefined;
  } catch {
    return undefined;
  }
}

function snippet(text: string): string {
  const flat = text
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat || "(markup only)";
}
