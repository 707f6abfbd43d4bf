import type { Contact } from "../../src/model/contact.js";
import { emptyContactInput } from "../../src/model/contact.js";
import type { DesiredContact } from "../../src/model/desired.js";
import type { ManagedField } from "../../src/model/contact.js";
import { makePlan, planHash } from "../../src/plan/index.js";
import { measure } from "./measure.js";
import { count, ms, type BenchRow } from "./table.js";

/**
 * MBN as a steady state looks: every desired contact stored, except every 100th (a create); every
 * 10th with a stale title (an update); plus 1 % managed contacts whose user left (deletes).
 */
function storedContacts(desired: readonly DesiredContact[]): Contact[] {
  const modified = new Date(0).toISOString();
  const contacts: Contact[] = [];
  desired.forEach((d, i) => {
    if (i % 100 === 99) return;
    const fields = i % 10 === 0 ? { ...d.fields, title: "Former title" } : d.fields;
    contacts.push({
      ...emptyContactInput(),
      ...fields,
      externalId: d.externalId,
      notes: i % 7 === 0 ? "typed in MBN" : null,
      id: `C${String(i).padStart(7, "0")}`,
      version: 1 + (i % 5),
      modified,
    });
  });
  const leavers = Math.round(desired.length / 100);
  for (let i = 0; i < leavers; i++) {
    contacts.push({
      ...emptyContactInput(),
      externalId: `ad:ffffffff-0000-4000-8000-${String(i).padStart(12, "0")}`,
      firstName: "Left",
      lastName: `User ${i}`,
      id: `D${String(i).padStart(7, "0")}`,
      version: 1,
      modified,
    });
  }
  return contacts;
}

export async function benchPlan(desired: readonly DesiredContact[], managedFields: readonly ManagedField[]) {
  const contacts = storedContacts(desired);
  const options = { prefix: "ad:", deletes: "delete" as const };
  makePlan({ desired: desired.slice(0, 2000), contacts: contacts.slice(0, 2000), managedFields, options });
  const run = await measure(() => makePlan({ desired, contacts, managedFields, options }));
  // The hash is proportional to the writes, not to the population: shown apart so that it is clear
  // which part of the planning time grows with what.
  const hashing = await measure(() => planHash(run.result.entries));
  const tally = { create: 0, update: 0, delete: 0 };
  for (const entry of run.result.entries) tally[entry.action]++;
  const row: BenchRow = {
    measure: `planning ${count(desired.length)} desired vs ${count(contacts.length)} contacts`,
    value: ms(run.wallMs),
    note:
      `${ms(run.cpuMs)} CPU; ${count(tally.create)} creates, ${count(tally.update)} updates, ` +
      `${count(tally.delete)} deletes, ${count(run.result.unchanged)} unchanged; ` +
      `of which the plan hash ${ms(hashing.cpuMs)} CPU`,
  };
  return row;
}
