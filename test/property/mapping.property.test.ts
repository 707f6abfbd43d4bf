import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { makePlan } from "../../src/plan/index.js";
import { parseContactInput } from "../../src/simulator/validate.js";
import { ad, GUID, kari, user } from "../unit/mapping/build.js";
import { runs } from "./settings.js";

/** Hostile values: control characters and NUL, right-to-left marks, emoji, lone surrogates, 10,000 characters. */
const hostile = fc.oneof(
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.string({ unit: "grapheme", maxLength: 60 }),
  fc.constantFrom(
    "\u0000",
    "\u200f\u202eevil\u202c",
    "👩‍👩‍👧‍👦",
    "\ud800",
    " ",
    "\t\r\n",
    "+47 900 12 345",
    "x@y.no",
  ),
  fc
    .tuple(fc.string({ maxLength: 3 }), fc.integer({ min: 1000, max: 10_000 }))
    .map(([s, n]) => (s || "a").repeat(n).slice(0, n)),
);

/** Every attribute the shipped mapping reads, each left as Kari has it, replaced, or given several values. */
const hostileUser = fc
  .record(
    Object.fromEntries(
      ad.attributes.map((name) => [
        name,
        fc.option(fc.array(hostile, { minLength: 1, maxLength: 3 }), { nil: undefined }),
      ]),
    ) as Record<string, fc.Arbitrary<string[] | undefined>>,
  )
  .map((values) => {
    const attributes: Record<string, string | string[]> = { ...kari };
    for (const [name, value] of Object.entries(values)) if (value !== undefined) attributes[name] = value;
    return user(attributes);
  });

/** Control characters other than white space. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/;

/** Every string in a value, however deep. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (value === null || typeof value !== "object") return [];
  return Object.values(value).flatMap(strings);
}

describe("mapping properties", () => {
  it("never throws on hostile values: a contact within the contract, or a skip with its reason", () => {
    fc.assert(
      fc.property(hostileUser, (u) => {
        const result = ad.mapUser(u, "ad:");
        if ("skip" in result) {
          expect(result.skip.reason.trim()).not.toBe("");
          return;
        }
        expect(result.contact.externalId).toBe(`ad:${GUID}`);
        // no control character (other than white space) reaches MBN or the operator's terminal
        for (const text of strings(result.contact.fields)) expect(text).not.toMatch(CONTROL);
        // What a sync would send for it: the create of a plan, checked as MBN checks a POST body.
        const plan = makePlan({
          desired: [result.contact],
          contacts: [],
          managedFields: ad.managedFields,
          options: { prefix: "ad:", deletes: "delete" },
        });
        const [create] = plan.entries;
        expect(create?.action).toBe("create");
        if (create?.action === "create") expect(() => parseContactInput(create.input)).not.toThrow();
      }),
      runs(300),
    );
  });
});
