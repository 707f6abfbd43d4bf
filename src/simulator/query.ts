import { ApiError } from "./http.js";

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

export function parseLimit(url: URL): number {
  const raw = url.searchParams.get("limit");
  if (raw === null || raw === "") return DEFAULT_LIMIT;
  const limit = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(limit >= 1 && limit <= MAX_LIMIT)) {
    throw new ApiError(400, 40001, `limit must be an integer from 1 to ${MAX_LIMIT}`, {
      errors: [{ field: "limit", message: `must be an integer from 1 to ${MAX_LIMIT}` }],
    });
  }
  return limit;
}

/** `since` in milliseconds; 400 40003 when it is missing or not an ISO-8601 timestamp. */
export function parseSince(url: URL): number {
  const raw = url.searchParams.get("since");
  const ms = raw !== null && ISO_TIMESTAMP.test(raw) ? Date.parse(raw) : NaN;
  if (Number.isNaN(ms)) {
    throw new ApiError(400, 40003, "since must be an ISO-8601 timestamp, e.g. 2026-11-26T10:15:30.123Z");
  }
  return ms;
}

/** The version an If-Match asks for; undefined when absent or `*`. A malformed one matches no version. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === "*") return undefined;
  const match = /^\s*(?:W\/)?"?(\d+)"?\s*$/.exec(header);
  return match?.[1] === undefined ? NaN : Number(match[1]);
}
