import type { Contact } from "../model/contact.js";
import { enterpriseOf } from "./app.js";
import type { App, Call, Reply } from "./app.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { ApiError, readJsonBody } from "./http.js";
import { parseIfMatch, parseLimit, parseSince } from "./query.js";
import { parseContactInput } from "./validate.js";

const DAY_MS = 86_400_000;

function contactReply(status: number, contact: Contact, headers: Record<string, string> = {}): Reply {
  return { status, body: contact, headers: { etag: `"${contact.version}"`, ...headers } };
}

function cursorParam(url: URL, withModified: boolean) {
  const raw = url.searchParams.get("cursor");
  return raw === null || raw === "" ? null : decodeCursor(raw, withModified);
}

export function listContacts(app: App, call: Call): Reply {
  const { enterpriseId } = enterpriseOf(app, call);
  const limit = parseLimit(call.url);
  const page = app.store.list(enterpriseId, cursorParam(call.url, false), limit);
  const last = page.items.at(-1);
  const nextCursor = page.more && last ? encodeCursor({ id: last.id }) : null;
  return { status: 200, body: { contacts: page.items, nextCursor } };
}

export function listChanges(app: App, call: Call): Reply {
  const { enterpriseId } = enterpriseOf(app, call);
  const sinceMs = parseSince(call.url);
  const serverTimeMs = app.store.serverTimeMs();
  if (sinceMs > serverTimeMs) {
    throw new ApiError(400, 40003, "since is later than the server's time");
  }
  const retentionStartMs = app.options.now().getTime() - app.options.tombstoneRetentionDays * DAY_MS;
  if (sinceMs < retentionStartMs) {
    throw new ApiError(
      410,
      41001,
      `since is older than the ${app.options.tombstoneRetentionDays}-day tombstone retention; read all contacts instead`,
    );
  }
  app.store.purgeTombstones(retentionStartMs);
  const limit = parseLimit(call.url);
  const since = new Date(sinceMs).toISOString();
  const page = app.store.changes(enterpriseId, since, cursorParam(call.url, true), limit);
  const last = page.items.at(-1);
  const nextCursor = page.more && last ? encodeCursor({ id: last.id, modified: last.modified }) : null;
  return {
    status: 200,
    body: { changes: page.items, nextCursor, serverTime: new Date(serverTimeMs).toISOString() },
  };
}

export function getContact(app: App, call: Call): Reply {
  const { enterpriseId } = enterpriseOf(app, call);
  return contactReply(200, app.store.get(enterpriseId, call.params[1] ?? ""));
}

export async function createContact(app: App, call: Call): Promise<Reply> {
  const { enterpriseId } = enterpriseOf(app, call);
  const input = parseContactInput(await readJsonBody(call.req));
  const contact = app.store.create(enterpriseId, input);
  if (app.faults.losePostAnswer()) return { status: 201, lost: true };
  const location = `/catalog/enterprises/${encodeURIComponent(enterpriseId)}/contacts/${encodeURIComponent(contact.id)}`;
  return contactReply(201, contact, { location });
}

export async function replaceContact(app: App, call: Call): Promise<Reply> {
  const { enterpriseId } = enterpriseOf(app, call);
  const id = call.params[1] ?? "";
  // 404 before reading the body: a PUT to a missing contact is 404 whatever it carries.
  app.store.get(enterpriseId, id);
  const input = parseContactInput(await readJsonBody(call.req));
  const contact = app.store.replace(enterpriseId, id, input, parseIfMatch(call.req.headers["if-match"]));
  return contactReply(200, contact);
}

export function deleteContact(app: App, call: Call): Reply {
  const { enterpriseId } = enterpriseOf(app, call);
  app.store.remove(enterpriseId, call.params[1] ?? "", parseIfMatch(call.req.headers["if-match"]));
  return { status: 204 };
}
