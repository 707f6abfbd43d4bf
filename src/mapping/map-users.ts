import type { DesiredContact, Skip, Warning } from "../model/desired.js";
import type { SourceUser } from "../source/types.js";
import type { CompiledMapping } from "./compile.js";

export interface MappedUsers {
  desired: DesiredContact[];
  warnings: Warning[];
  skipped: Skip[];
}

/**
 * Maps users one at a time as a source hands them over, keeping only what mapping made of them: the
 * user itself is free once `add` returns. One user's bad data becomes a skip or a warning, never a
 * failed run (a bug in the tool does).
 */
export class UserMapper {
  readonly mapped: MappedUsers = { desired: [], warnings: [], skipped: [] };
  /** Users handed to `add`. */
  count = 0;

  constructor(
    private readonly mapping: CompiledMapping,
    private readonly prefix: string,
  ) {}

  add(user: SourceUser): void {
    this.count++;
    const result = this.mapping.mapUser(user, this.prefix);
    for (const w of result.warnings) this.mapped.warnings.push(w);
    if ("skip" in result) this.mapped.skipped.push(result.skip);
    else this.mapped.desired.push(result.contact);
  }
}

/** Maps every user of a collected read, in order. */
export function mapUsers(
  users: readonly SourceUser[],
  mapping: CompiledMapping,
  prefix: string,
): MappedUsers {
  const mapper = new UserMapper(mapping, prefix);
  for (const user of users) mapper.add(user);
  return mapper.mapped;
}
