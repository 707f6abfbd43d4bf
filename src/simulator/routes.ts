import type { App, Call, Reply } from "./app.js";
import { groupEnterprise, tokenGrant, userInfo } from "./catalog-handlers.js";
import {
  createContact,
  deleteContact,
  getContact,
  listChanges,
  listContacts,
  replaceContact,
} from "./contact-handlers.js";

export interface Route {
  method: string;
  pattern: RegExp;
  /** The key of stats().byRoute. */
  key: string;
  handle: (app: App, call: Call) => Reply | Promise<Reply>;
}

const ENTERPRISE = String.raw`^/catalog/enterprises/([^/]+)`;

// Order matters: /contacts/changes before /contacts/:id.
export const ROUTES: readonly Route[] = [
  { method: "POST", pattern: /^\/oauth\/v2\/token$/, key: "POST /oauth/v2/token", handle: tokenGrant },
  { method: "GET", pattern: /^\/catalog\/userInfo$/, key: "GET /catalog/userInfo", handle: userInfo },
  {
    method: "GET",
    pattern: /^\/catalog\/groups\/([^/]+)\/enterprise$/,
    key: "GET /catalog/groups/:groupId/enterprise",
    handle: groupEnterprise,
  },
  {
    method: "GET",
    pattern: new RegExp(`${ENTERPRISE}/contacts$`),
    key: "GET /contacts",
    handle: listContacts,
  },
  {
    method: "POST",
    pattern: new RegExp(`${ENTERPRISE}/contacts$`),
    key: "POST /contacts",
    handle: createContact,
  },
  {
    method: "GET",
    pattern: new RegExp(`${ENTERPRISE}/contacts/changes$`),
    key: "GET /contacts/changes",
    handle: listChanges,
  },
  {
    method: "GET",
    pattern: new RegExp(`${ENTERPRISE}/contacts/([^/]+)$`),
    key: "GET /contacts/:id",
    handle: getContact,
  },
  {
    method: "PUT",
    pattern: new RegExp(`${ENTERPRISE}/contacts/([^/]+)$`),
    key: "PUT /contacts/:id",
    handle: replaceContact,
  },
  {
    method: "DELETE",
    pattern: new RegExp(`${ENTERPRISE}/contacts/([^/]+)$`),
    key: "DELETE /contacts/:id",
    handle: deleteContact,
  },
];

/** The route and its decoded path parameters; undefined for an unknown route (or a malformed escape). */
export function matchRoute(method: string, path: string): { route: Route; params: string[] } | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (!match) continue;
    try {
      return { route, params: match.slice(1).map((p) => decodeURIComponent(p)) };
    } catch {
      return undefined;
    }
  }
  return undefined;
}
