import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The package root is two levels above this file both when run from source (src/config/) and
 * when built (dist/config/), so this file must stay directly inside src/config/.
 */
export const packageRoot: string = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The mapping shipped with the package, used when the config names none. */
export const defaultMappingPath: string = join(packageRoot, "mappings", "active-directory.yaml");
