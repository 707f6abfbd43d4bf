import { z } from "zod";

/**
 * The directory side of the state (source.incremental): the DC and USN the last read reached, and what it
 * kept (users in scope, scope groups), so that the next run reads only the changes. The same shape as
 * DirectoryWatermark in src/source/types.ts (the engine passes one for the other; state/ may not import
 * source/). A file without it, or with one that does not parse, means a full read of the directory.
 */
export interface DirectoryState {
  dc: { service: string; invocationId: string; url: string };
  usn: number;
  fingerprint: string;
  lastFullReadAt: string;
  users: { dn: string; guid: string | null; attributes: Record<string, string[]> }[];
  groups: {
    roots: string[];
    entries: { guid: string; dn: string; usn: number; members: string[]; children: string[] }[];
  } | null;
}

export const directoryStateSchema = z.object({
  dc: z.object({ service: z.string(), invocationId: z.string(), url: z.string() }),
  usn: z.number().int().nonnegative(),
  fingerprint: z.string(),
  lastFullReadAt: z.iso.datetime(),
  users: z.array(
    z.object({
      dn: z.string(),
      guid: z.string().nullable(),
      attributes: z.record(z.string(), z.array(z.string())),
    }),
  ),
  groups: z
    .object({
      roots: z.array(z.string()),
      entries: z.array(
        z.object({
          guid: z.string(),
          dn: z.string(),
          usn: z.number().int().nonnegative(),
          members: z.array(z.string()),
          children: z.array(z.string()),
        }),
      ),
    })
    .nullable(),
}) satisfies z.ZodType<DirectoryState>;
