import { describe, expect, it } from "vitest";
import { ENTERPRISE, call, kari, useSimulator } from "./client.js";

const held = useSimulator();
const input = kari;

describe("validation", () => {
  it("answers 400 40001 naming every bad field", async () => {
    const answer = await call(held.sim, held.token, "POST", `${ENTERPRISE}/contacts`, {
      body: {
        externalId: "x".repeat(129),
        firstName: 42,
        lastName: "y".repeat(65),
        email: "not-an-address",
        notes: "z".repeat(1001),
        phoneNumbers: [
          { type: "pager", number: "+4791234567" },
          { type: "work", number: "22 12 34 56" },
        ],
        address: { country: "Norway" },
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe(40001);
    const fields = (answer.body.errors ?? []).map((e) => e.field).sort();
    expect(fields).toEqual(
      [
        "address.country",
        "email",
        "externalId",
        "firstName",
        "lastName",
        "notes",
        "phoneNumbers[0].type",
        "phoneNumbers[1].number",
      ].sort(),
    );
  });

  it("requires a name and at most five numbers", async () => {
    const answer = await call(held.sim, held.token, "POST", `${ENTERPRISE}/contacts`, {
      body: {
        firstName: " ",
        phoneNumbers: Array.from({ length: 6 }, () => ({ type: "other", number: "+4791234567" })),
      },
    });
    expect(answer.status).toBe(400);
    const fields = (answer.body.errors ?? []).map((e) => e.field).sort();
    expect(fields).toEqual(["displayName", "phoneNumbers"]);
  });

  it("answers 400 to invalid JSON and to a body that is not an object", async () => {
    for (const rawBody of ["{not json", "[1,2]"]) {
      const answer = await call(held.sim, held.token, "POST", `${ENTERPRISE}/contacts`, {
        rawBody,
        headers: { "content-type": "application/json" },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe(40001);
    }
  });

  it("answers 413 to a body over 64 KiB", async () => {
    const answer = await call(held.sim, held.token, "POST", `${ENTERPRISE}/contacts`, {
      body: input({ notes: "n".repeat(70 * 1024) }),
    });
    expect(answer.status).toBe(413);
    expect(typeof answer.body.code).toBe("number");
  });
});
