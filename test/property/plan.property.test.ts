import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Contact } from "../../src/model/contact.js";
import { makePlan, type Plan, type PlanInput } from "../../src/plan/index.js";
import { contact, desired, handMade, key, MANAGED, PREFIX, shuffled } from "../unit/plan/builders.js";
import { runs } from "./settings.js";

/** Values that differ only in ways the planner must see through (spaces), or really differ. */
const title = fc.constantFrom("Engineer", " Engineer ", "Boss", "");
const n = fc.integer({ min: 1, max: 24 });

/**
 * One run's world: users in scope, the tool's contacts (some out of step, some keyed in upper case, some
 * twice), contacts typed by hand and contacts of another tool matching users by e-mail, skipped users.
 */
const world = fc
  .record({
    users: fc.uniqueArray(fc.record({ n, title }), { selector: (u) => u.n, maxLength: 16 }),
    managed: fc.uniqueArray(fc.record({ n, title, upper: fc.boolean() }), {
      selector: (c) => c.n,
      maxLength: 16,
    }),
    twice: fc.uniqueArray(n, { maxLength: 2 }),
    hand: fc.uniqueArray(n, { maxLength: 6 }),
    foreign: fc.uniqueArray(n, { maxLength: 3 }),
    skipped: fc.uniqueArray(n, { maxLength: 4 }),
    deletes: fc.constantFrom("delete" as const, "keep" as const),
    adopt: fc.boolean(),
  })
  .map((w): PlanInput => {
    const inScope = new Set(w.users.map((u) => u.n));
    const skipped = w.skipped.filter((s) => !inScope.has(s));
    const contacts: Contact[] = [
      ...w.managed.map((c) =>
        contact(c.n, { title: c.title, ...(c.upper ? { externalId: key(c.n).toUpperCase() } : {}) }),
      ),
      ...w.twice.map((t) => contact(t, { id: `d${t}` })),
      ...w.hand.map((h) => handMade(`h${h}`, { email: `user${h}@corp.example` })),
      ...w.foreign.map((f) => handMade(`x${f}`, { externalId: `hr:${f}`, email: `user${f}@corp.example` })),
    ];
    return {
      desired: w.users.map((u) => desired(u.n, { title: u.title })),
      contacts,
      managedFields: MANAGED,
      skipped: skipped.map((s) => ({ source: `user${s}`, reason: "no name", externalId: key(s) })),
      options: {
        prefix: PREFIX,
        deletes: w.deletes,
        ...(w.adopt ? { adopt: { matchBy: ["email" as const] } } : {}),
      },
    };
  });

/** MBN after the plan's writes, as the simulator would answer them. */
function applied(plan: Plan, contacts: readonly Contact[]): Contact[] {
  const byId = new Map(contacts.map((c) => [c.id, c]));
  const modified = "2026-02-01T00:00:00Z";
  plan.entries.forEach((e, i) => {
    if (e.action === "create") byId.set(`new${i}`, { ...e.input, id: `new${i}`, version: 1, modified });
    else if (e.action === "update")
      byId.set(e.contactId, { ...e.input, id: e.contactId, version: e.baseVersion + 1, modified });
    else byId.delete(e.contactId);
  });
  return [...byId.values()];
}

describe("planner properties", () => {
  it("planning again after the plan's writes gives nothing to do", () => {
    fc.assert(
      fc.property(world, (input) => {
        const plan = makePlan(input);
        const again = makePlan({ ...input, contacts: applied(plan, input.contacts) });
        expect(again.entries).toEqual([]);
      }),
      runs(300),
    );
  });

  it("never updates or deletes a contact without the prefix, unless it adopts a hand-made one", () => {
    fc.assert(
      fc.property(world, (input) => {
        const byId = new Map(input.contacts.map((c) => [c.id, c]));
        for (const entry of makePlan(input).entries) {
          if (entry.action === "create") continue;
          const target = byId.get(entry.contactId);
          const ours = target?.externalId?.startsWith(PREFIX) ?? false;
          const adoptsHandMade = entry.action === "update" && entry.adopt && !target?.externalId;
          expect(ours || adoptsHandMade).toBe(true);
        }
      }),
      runs(300),
    );
  });

  it("gives the same plan and hash whatever the order of users and contacts", () => {
    fc.assert(
      fc.property(world, fc.integer({ min: 1, max: 2 ** 30 }), (input, seed) => {
        const plan = makePlan(input);
        const reordered = makePlan({
          ...input,
          desired: shuffled(input.desired, seed),
          contacts: shuffled(input.contacts, seed + 1),
          skipped: shuffled(input.skipped ?? [], seed + 2),
        });
        expect(reordered).toEqual(plan);
      }),
      runs(300),
    );
  });

  it("never deletes the contact of a skipped user", () => {
    fc.assert(
      fc.property(world, (input) => {
        const skipped = new Set((input.skipped ?? []).map((s) => s.externalId?.toLowerCase()));
        for (const entry of makePlan(input).entries) {
          if (entry.action === "delete") expect(skipped.has(entry.externalId.toLowerCase())).toBe(false);
        }
      }),
      runs(300),
    );
  });
});
