import type { EventEmitter } from "node:events";
import { PagedResultsControl, SearchResponse } from "ldapts";

/**
 * Closes a gap in ldapts 8.2's paging. `Client.searchPaginated` asks for the next page only when
 * the current one held entries or references:
 *
 *   if (paged && (result.searchEntries.length || result.searchReferences.length) && pagedResultsControl)
 *
 * (Client._sendSearch, node_modules/ldapts/src/Client.ts). RFC 2696 lets a server return fewer
 * entries than the page size, down to none, with a cookie saying more follow; such a page ends the
 * iteration as if the search were done, and the rest of the directory is silently missing. No public API shows
 * the cookie: search() and searchPaginated() return entries and references only, a caller cannot
 * pass its own PagedResultsControl (both refuse one), and ControlParser builds a fresh control for
 * the response. What the client does expose at run time is its (TypeScript-private) MessageParser,
 * an EventEmitter whose "message" event carries every SearchResultDone with its controls. This
 * listens there: when a search's iteration has ended but its last SearchResultDone still held a
 * cookie, the server had more to give, and the read must fail rather than return part of it.
 */
export interface PagingWatch {
  /** Length of the paged-results cookie of the last search that finished; 0 when none was sent. */
  lastCookieLength(): number;
  stop(): void;
}

function messageParserOf(client: unknown): EventEmitter | undefined {
  if (typeof client !== "object" || client === null || !("messageParser" in client)) return undefined;
  const parser = client.messageParser;
  if (typeof parser !== "object" || parser === null) return undefined;
  const emitter = parser as Partial<EventEmitter>;
  return typeof emitter.on === "function" && typeof emitter.off === "function"
    ? (parser as EventEmitter)
    : undefined;
}

/** Undefined when the client is not an ldapts Client of the expected shape (a test double, another version). */
export function watchPagingCookies(client: unknown): PagingWatch | undefined {
  const parser = messageParserOf(client);
  if (!parser) return undefined;
  let last = 0;
  const onMessage = (message: unknown): void => {
    if (!(message instanceof SearchResponse)) return;
    const control = message.controls?.find((c) => c instanceof PagedResultsControl);
    last = control instanceof PagedResultsControl ? (control.value?.cookie?.length ?? 0) : 0;
  };
  parser.on("message", onMessage);
  return {
    lastCookieLength: () => last,
    stop: () => {
      parser.off("message", onMessage);
    },
  };
}
