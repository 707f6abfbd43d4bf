import type { ChangeRecord, SyncReport } from "../../../src/report/index.js";
import { syncReport } from "../report/builders.js";

export const change = (
  action: ChangeRecord["action"],
  status: ChangeRecord["status"],
  n: number,
): ChangeRecord => ({
  action,
  status,
  externalId: `ad:${n}`,
  contactId: `c_${n}`,
  source: `u${String(n).padStart(5, "0")}`,
  name: null,
  fields: {},
});

/** A guard that stopped 412 deletes in an apply run: nothing written. */
export function guardReport(): SyncReport {
  const changes = Array.from({ length: 412 }, (_, i) => change("delete", "planned", i));
  return syncReport({
    mode: "apply",
    changes,
    written: false,
    notWrittenBecause: "guard",
    planHash: "3f2a9c1b7d4e".padEnd(64, "0"),
    guard: {
      ok: false,
      approved: false,
      trips: [
        {
          guard: "maxDeletes",
          message:
            "the plan deletes 412 contacts, over sync.maxDeletes (50). `--approve-deletes 3f2a9c1b7d4e` to let exactly this plan through, or raise sync.maxDeletes / sync.maxDeletePercent.",
        },
      ],
    },
    warnings: [
      ...[269, 109, 189, 349, 429].map((n) => ({
        source: `u00${n}`,
        field: "mobile",
        message: `extension "12" of "+47 22 00 ${n} x12" dropped: MBN stores numbers in E.164 without extensions`,
      })),
      { source: "u00001", field: "email", message: `"n/a" is not an e-mail address; left out` },
    ],
  });
}
