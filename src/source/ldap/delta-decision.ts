/** Whether a run may read only the changes since the last one, or must read the whole scope, and why. */
import { createHash } from "node:crypto";
import type { DirectoryWatermark, IncrementalRequest } from "../types.js";
import type { LdapSourceOptions } from "./options.js";
import type { DcPosition } from "./rootdse.js";

/** What the kept users depend on besides the DC: another value and they may be the wrong users or attributes. */
export function scopeFingerprint(options: LdapSourceOptions, attributes: readonly string[]): string {
  const lower = (list: readonly string[]): string[] => list.map((s) => s.toLowerCase()).sort();
  return createHash("sha256")
    .update(
      JSON.stringify({
        baseDns: lower(options.baseDns),
        filter: options.filter,
        memberOf: lower(options.memberOf),
        disabledAccounts: options.disabledAccounts,
        attributes: lower(attributes),
      }),
    )
    .digest("hex")
    .slice(0, 32);
}

/** null when a delta read applies; otherwise the reason for a full read, for the report. */
export function fullReadReason(
  request: IncrementalRequest,
  position: DcPosition,
  fingerprint: string,
): string | null {
  const previous: DirectoryWatermark | null = request.previous;
  if (request.full) return "--full";
  if (previous === null) return "no directory watermark in the state";
  if (previous.dc.service.toLowerCase() !== position.service.toLowerCase()) {
    return `another DC (${position.service}; the last run read ${previous.dc.service}): USNs are per DC`;
  }
  if (previous.dc.invocationId !== position.invocationId) {
    return `the DC's invocationID changed (${previous.dc.invocationId} → ${position.invocationId}): its database was restored`;
  }
  if (previous.fingerprint !== fingerprint) {
    return "the base DNs, filter, scope groups, disabledAccounts or the mapping's attributes changed";
  }
  if (position.highestCommittedUsn < previous.usn) {
    return `the DC's highestCommittedUSN (${position.highestCommittedUsn}) is below the watermark (${previous.usn})`;
  }
  const age = request.now.getTime() - Date.parse(previous.lastFullReadAt);
  if (!(age >= 0) || age >= request.fullReadAfterMs) {
    const hours = Math.round(age / 360_000) / 10;
    return `the last full read was ${hours} h ago (source.fullReadAfterHours: ${request.fullReadAfterMs / 3_600_000})`;
  }
  return null;
}
