import { z } from "zod";

export const nonEmpty = z.string().min(1);

/** Zod's `error` option that words a missing value as `message` and leaves other problems to zod. */
export function whenMissing(message: string): { error: (issue: { input?: unknown }) => string | undefined } {
  return { error: (issue) => (issue.input === undefined ? message : undefined) };
}

/** Text that must be there: `message` says what it is for when it is missing. */
export function requiredText(message: string) {
  return z.string(whenMissing(message)).min(1);
}

/**
 * A secret with a `…File` alternative: the file may leave it out (so editors do not ask for it),
 * but once loading has read the `…File` key into it, it must be set, so the loaded Config holds
 * it as a string. `message` says how to set it, when it is missing or empty.
 */
export function secret(message: string) {
  return z
    .string()
    .optional()
    .pipe(z.string(whenMissing(message)).min(1, { error: message }));
}
