import type { Config } from "../config/index.js";
import { loadMapping, UserMapper, type CompiledMapping } from "../mapping/index.js";
import type { Skip, Warning, DesiredContact } from "../model/desired.js";
import type { DirectoryWatermark, ReadInfo, SourceReadRequest, SourceUser } from "../source/types.js";
import { createSource } from "./source-factory.js";
import type { EventSink } from "./events.js";

export interface DirectoryRead {
  mapping: CompiledMapping;
  sourceDescription: string;
  /** Users the source returned (before mapping). */
  users: number;
  /** The source's own count of disabled accounts it left out; null when it cannot count them. */
  excludedDisabled: number | null;
  /** With source.incremental: the watermark to save for the next run, and how the read went. */
  incremental?: { watermark: DirectoryWatermark; info: ReadInfo };
  desired: DesiredContact[];
  warnings: Warning[];
  skipped: Skip[];
}

/** What an incremental read (source.incremental) starts from. */
export interface DirectoryBaseline {
  /** The directory part of the last state, if any. */
  previous: DirectoryWatermark | null;
  /** `--full`: full on both sides. */
  full: boolean;
  now: Date;
}

function requestFor(
  config: Config,
  attributes: readonly string[],
  onUser: (user: SourceUser) => void,
  baseline?: DirectoryBaseline,
): SourceReadRequest {
  if (config.source.type !== "ldap" || !config.source.incremental || baseline === undefined)
    return { attributes, onUser };
  const fullReadAfterMs = config.source.fullReadAfterHours * 3_600_000;
  return { attributes, onUser, incremental: { ...baseline, fullReadAfterMs } };
}

/**
 * Loads the mapping, reads the users it needs from the source, and maps them to desired contacts. With a
 * baseline and source.incremental, the LDAP source may read only the changes since the last run; every user
 * in scope is mapped again either way (mapping is cheap next to reading).
 */
export async function readDirectory(
  config: Config,
  onEvent: EventSink,
  baseline?: DirectoryBaseline,
): Promise<DirectoryRead> {
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
  const source = await createSource(config.source, onEvent);
  onEvent({ type: "stage", stage: "source", message: `Reading users from ${source.description}` });
  // Each user is mapped as the source hands it over and then dropped: only its desired contact is kept,
  // so the read never holds every user's attribute map at once (the peak of a large run, issue 15).
  const mapper = new UserMapper(mapping, config.sync.externalIdPrefix);
  const read = await source.read(
    requestFor(
      config,
      mapping.attributes,
      (user) => {
        mapper.add(user);
      },
      baseline,
    ),
  );
  // What the source kept instead of handing over (an incremental read's watermark), in its order.
  for (const user of read.users) mapper.add(user);
  const { mapped, count: users } = mapper;
  const skipped = mapped.skipped.length > 0 ? `, ${mapped.skipped.length} skipped` : "";
  const info = read.incremental?.info;
  const how =
    info === undefined
      ? ""
      : info.mode === "delta"
        ? ` (delta: ${info.entriesRead} changed entries read)`
        : ` (full read: ${info.reason ?? ""})`;
  onEvent({
    type: "stage-end",
    stage: "source",
    count: users,
    ok: true,
    message: `Read ${users} user${users === 1 ? "" : "s"} from ${source.description}${how}${skipped}`,
  });
  // Only the counts of the read are returned, not its users: each user is free once mapped. An incremental
  // read's watermark does keep every user in scope: the next run's delta starts from it.
  return {
    mapping,
    sourceDescription: source.description,
    users,
    excludedDisabled: read.excluded.disabled,
    ...(read.incremental ? { incremental: read.incremental } : {}),
    ...mapped,
  };
}
