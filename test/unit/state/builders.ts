import type { Contact } from "../../../src/model/contact.js";
import type { SyncState } from "../../../src/state/index.js";
import { person } from "../../helpers/person.js";

export function contact(n: number, extra: Partial<Contact> = {}): Contact {
  return {
    ...person(n),
    id: `c_${String(n).padStart(10, "0")}`,
    version: 1,
    modified: new Date(Date.UTC(2026, 10, 1) + n * 1000).toISOString(),
    address: { street: `Street ${n}`, postalCode: "0150", city: "Oslo", country: "NO" },
    notes: n % 3 === 0 ? `note ${n}` : null,
    ...extra,
  };
}

export function state(contacts: Contact[], extra: Partial<SyncState> = {}): SyncState {
  return {
    format: 2,
    baseUrl: "https://mbn.example/api",
    enterpriseId: "E1001",
    watermark: "2026-11-20T10:00:00.000Z",
    lastFullReadAt: "2026-11-20T09:00:00.000Z",
    contacts,
    lastRun: { finishedAt: "2026-11-20T10:01:00.000Z", desiredCount: contacts.length },
    ...extra,
  };
}

/** A state file as format 1 wrote it, the contacts inline (still read): for files made by hand in tests. */
export function inlineFile(saved: object): string {
  return JSON.stringify({ ...saved, format: 1 });
}
