import type { App, Call, Reply } from "./app.js";
import { ApiError, readBody } from "./http.js";

export async function tokenGrant(app: App, call: Call): Promise<Reply> {
  const form = await readBody(call.req);
  return { status: 200, body: app.authority.grant(call.req.headers.authorization, form) };
}

export function userInfo(app: App, call: Call): Reply {
  const { user } = app.authority.authenticate(call.req.headers.authorization);
  return {
    status: 200,
    body: {
      username: user.username,
      enterpriseId: user.enterpriseId,
      groupId: user.groupId,
      role: "API_USER",
    },
  };
}

export function groupEnterprise(app: App, call: Call): Reply {
  app.authority.authenticate(call.req.headers.authorization);
  const groupId = call.params[0] ?? "";
  const enterprise = app.options.enterprises.find((e) => e.groupId === groupId);
  if (!enterprise) throw new ApiError(404, 40401, `Group ${groupId} not found`);
  return {
    status: 200,
    body: {
      enterpriseId: enterprise.enterpriseId,
      name: enterprise.name,
      organizationNumber: enterprise.organizationNumber,
    },
  };
}
