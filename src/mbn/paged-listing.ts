import { z } from "zod";
import type { Contact } from "../model/contact.js";
import type { AuthenticatedCalls, Call } from "./authenticated-call.js";
import {
  ChangesPageSchema,
  ContactPageSchema,
  ContactSchema,
  query,
  routes,
  TombstoneSchema,
} from "./contract.js";
import { MbnApiError } from "./errors.js";
import type { MbnClient, Tombstone } from "./types.js";

export type PagedListing = Pick<MbnClient, "listContacts" | "listChanges">;

// Items are parsed one by one so that a broken one is named by its index and field.
const ChangesEnvelopeSchema = ChangesPageSchema.extend({ changes: z.array(z.unknown()) });

/** The whole directory and the changes feed, each read page by page following nextCursor. */
export function pagedListing(calls: AuthenticatedCalls, enterpriseId: () => Promise<string>): PagedListing {
  return {
    async listContacts(onPage) {
      const path = routes.contacts(await enterpriseId());
      const all: Contact[] = [];
      let pages = 0;
      let cursor: string | undefined;
      do {
        const params = { [query.cursor]: cursor, [query.limit]: String(query.maxLimit) };
        const page = await calls.json({ method: "GET", path, params }, 200, ContactPageSchema);
        all.push(...page.contacts);
        pages += 1;
        onPage?.(pages, all.length);
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      return all;
    },

    async listChanges(since, onPage) {
      const path = routes.changes(await enterpriseId());
      const changes: (Contact | Tombstone)[] = [];
      let cursor: string | undefined;
      let serverTime: string;
      let pages = 0;
      do {
        const params = {
          [query.since]: since,
          [query.cursor]: cursor,
          [query.limit]: String(query.maxLimit),
        };
        const c: Call = { method: "GET", path, params };
        const page = await calls.json(c, 200, ChangesEnvelopeSchema);
        changes.push(...page.changes.map((item, i) => parseChange(item, i, c)));
        serverTime = page.serverTime;
        pages += 1;
        onPage?.(pages, changes.length);
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      return { changes, serverTime };
    },
  };
}

function parseChange(item: unknown, index: number, at: Call): Contact | Tombstone {
  const isTomb =
    typeof item === "object" && item !== null && (item as { deleted?: unknown }).deleted === true;
  const parsed = (isTomb ? TombstoneSchema : ContactSchema).safeParse(item);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = ["changes", index, ...(issue?.path ?? [])].map(String).join(".");
  throw new MbnApiError({
    method: at.method,
    path: at.path,
    status: 200,
    message: `malformed answer, field "${field}": ${issue?.message ?? "does not match the contract"}`,
  });
}
