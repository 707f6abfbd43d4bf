import type { Config } from "../config/index.js";
import { loadMapping, mapUsers, type CompiledMapping } from "../mapping/index.js";
import type { Skip, Warning, DesiredContact } from "../model/desired.js";
import type { SourceReadResult } from "../source/types.js";
import { createSource } from "./source-factory.js";
import type { EventSink } from "./events.js";

export interface DirectoryRead {
  mapping: CompiledMapping;
  sourceDescription: string;
  read: SourceReadResult;
  desired: DesiredContact[];
  warnings: Warning[];
  skipped: Skip[];
}

/** Loads the mapping, reads the users it needs from the source, and maps them to desired contacts. */
export async function readDirectory(config: Config, onEvent: EventSink): Promise<DirectoryRead> {
  onEvent({ type: "stage", stage: "mapping", message: `Loading mapping ${config.mapping}` });
  const mapping = await loadMapping(config.mapping);
  const fields = mapping.managedFields.length;
  onEvent({
    type: "stage-end",
    stage: "mapping",
    count: fields,
    ok: true,
    message: `Loaded mapping ${config.mapping} (${fields} field${fields === 1 ? "" : "s"})`,
  });
  const source = createSource(config.source, onEvent);
  onEvent({ type: "stage", stage: "source", message: `Reading users from ${source.description}` });
  const read = await source.read({ attributes: mapping.attributes });
  const mapped = mapUsers(read.users, mapping, config.sync.externalIdPrefix);
  const users = read.users.length;
  const skipped = mapped.skipped.length > 0 ? `, ${mapped.skipped.length} skipped` : "";
  onEvent({
    type: "stage-end",
    stage: "source",
    count: users,
    ok: true,
    message: `Read ${users} user${users === 1 ? "" : "s"} from ${source.description}${skipped}`,
  });
  return { mapping, sourceDescription: source.description, read, ...mapped };
}
