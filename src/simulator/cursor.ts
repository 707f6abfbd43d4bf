import { ApiError } from "./http.js";

/** Where a page ended: the last id (the list), or the last (modified, id) pair (the changes feed). */
export interface CursorPosition {
  id: string;
  modified?: string;
}

// Opaque to clients: base64url of JSON, so nobody builds one by hand.
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify(position), "utf8").toString("base64url");
}

export function decodeCursor(cursor: string, withModified: boolean): CursorPosition {
  const invalid = new ApiError(
    400,
    40001,
    "The cursor is not valid; use the nextCursor of the previous page",
    {
      errors: [{ field: "cursor", message: "is not a cursor this server issued" }],
    },
  );
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid;
  }
  if (typeof value !== "object" || value === null) throw invalid;
  const { id, modified } = value as Record<string, unknown>;
  if (typeof id !== "string") throw invalid;
  if (!withModified) return { id };
  if (typeof modified !== "string") throw invalid;
  return { id, modified };
}
