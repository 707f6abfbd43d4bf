export {
  compileMapping,
  loadMapping,
  type CompiledMapping,
  type CompileOptions,
  type UserMapping,
} from "./compile.js";
export type { CustomTransform, CustomTransforms, TransformUser } from "./custom-transforms.js";
export { mapUsers, UserMapper } from "./map-users.js";
export { mappingJsonSchema } from "./json-schema.js";
export { isEmailAddress, isE164 } from "./contract.js";
export { isIsoCountry } from "./countries.js";
