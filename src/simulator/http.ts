import type { IncomingMessage, ServerResponse } from "node:http";

export interface FieldError {
  field: string;
  message: string;
}

/** An answer in the contract's error shape `{ code, message, errors? }`, plus any extra members. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  body(): Record<string, unknown> {
    return { code: this.code, message: this.message, ...this.extra };
  }
}

export function validationError(errors: FieldError[], message = "The request is invalid"): ApiError {
  return new ApiError(400, 40001, message, { errors });
}

/** The request bodies the contract allows; larger ones answer 413. */
export const MAX_BODY_BYTES = 64 * 1024;
/** Past this the connection is dropped instead of reading the rest only to refuse it. */
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/**
 * Reads the whole body. An oversized one is read to its end (so the client sees the 413 rather than a
 * broken pipe) but not kept.
 */
export async function readBody(req: IncomingMessage): Promise<string> {
  const declared = Number(req.headers["content-length"] ?? "0");
  if (declared > DRAIN_LIMIT_BYTES) {
    req.socket.destroy();
    throw new ApiError(413, 41301, "Request body exceeds 64 KiB");
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > DRAIN_LIMIT_BYTES) {
      req.socket.destroy();
      break;
    }
    if (size <= MAX_BODY_BYTES) chunks.push(buffer);
  }
  if (size > MAX_BODY_BYTES) throw new ApiError(413, 41301, "Request body exceeds 64 KiB");
  return Buffer.concat(chunks).toString("utf8");
}

export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, 40001, "The request body is not valid JSON");
  }
}
