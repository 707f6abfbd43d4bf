import type { DesiredContact, Skip, Warning } from "../model/desired.js";
import type { SourceUser } from "../source/types.js";
import type { CompiledMapping } from "./compile.js";

/** Maps every user; one user's bad data becomes a skip or a warning, never a failed run (a bug in the tool does). */
export function mapUsers(
  users: readonly SourceUser[],
  mapping: CompiledMapping,
  prefix: string,
): { desired: DesiredContact[]; warnings: Warning[]; skipped: Skip[] } {
  const desired: DesiredContact[] = [];
  const warnings: Warning[] = [];
  const skipped: Skip[] = [];
  for (const user of users) {
    const result = mapping.mapUser(user, prefix);
    for (const w of result.warnings) warnings.push(w);
    if ("skip" in result) skipped.push(result.skip);
    else desired.push(result.contact);
  }
  return { desired, warnings, skipped };
}
