export { configSchema, configJsonSchema } from "./schema.js";
export type {
  Config,
  DirectoryConfig,
  LdapSourceConfig,
  LdifSourceConfig,
  NotifyConfig,
  NotifyEvent,
} from "./schema.js";
export {
  loadConfig,
  loadDirectoryConfig,
  CONFIG_SEARCH_PLACES,
  DEFAULT_CONFIG_FILE,
  MODULE_NAME,
} from "./load.js";
export type { LoadedConfig, LoadedDirectoryConfig, LoadConfigOptions } from "./load.js";
export { redactConfig, configFingerprint, secretValues } from "./fingerprint.js";
export { starterConfig } from "./starter.js";
export { defaultMappingPath, packageRoot } from "./package-root.js";
