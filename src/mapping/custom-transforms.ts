/** Loads a mapping's `transformsModule`: named functions for what the built-in transforms cannot express. */
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError } from "../model/errors.js";
import { isRecord } from "../model/is-record.js";
import { ATTRIBUTE_NAME, SIMPLE_TRANSFORMS, TRANSFORM_NAME } from "./schema.js";
import { UserDataError } from "./user-data-error.js";

/** What a custom transform sees of the user: the DN and every attribute read, by lower-case name. */
export interface TransformUser {
  readonly dn: string;
  readonly attributes: Readonly<Record<string, readonly string[]>>;
}

/**
 * A custom transform: the value so far (never empty) and the user → the new value; null or "" is
 * empty. It must be synchronous and must not change `user`. Throwing skips that user, with the reason.
 */
export type CustomTransform = (value: string, user: TransformUser) => string | null;
export type CustomTransforms = Readonly<Record<string, CustomTransform>>;

const SHAPE_HINT =
  "export them as `export default { name(value, user) { … } }` or `export const transforms = { … }`";

function describeImportError(error: unknown, path: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || (code === "ERR_MODULE_NOT_FOUND" && (error as Error).message.includes(path))) {
    return `cannot find ${path}; the path is relative to the mapping file`;
  }
  if (code === "ERR_UNKNOWN_FILE_EXTENSION") {
    return `cannot load ${path}: Node runs .js and .mjs modules; compile a .ts module to .js, or run mbn-ad-sync through tsx`;
  }
  const message = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
  return `cannot load ${path}: ${message}`;
}

/**
 * Imports `specifier` (relative to the mapping file) and checks its transforms. Attributes the
 * functions read besides the value (from `user.attributes`) are exported as `attributes`, so that
 * the LDAP source fetches them too. Problems are a
 * ConfigError on the key `transformsModule` of the mapping file.
 */
export async function loadTransformsModule(
  specifier: string,
  mappingFile: string,
  line?: number,
): Promise<{ transforms: CustomTransforms; attributes: string[]; moduleText: string }> {
  const path = resolve(dirname(mappingFile), specifier);
  const problem = (message: string): ConfigError =>
    new ConfigError(mappingFile, [
      { key: "transformsModule", message, ...(line !== undefined ? { line } : {}) },
    ]);
  let module: Record<string, unknown>;
  let moduleText: string;
  try {
    moduleText = await readFile(path, "utf8");
    module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    throw problem(describeImportError(error, path));
  }
  const exported = module["transforms"] ?? module["default"];
  if (!isRecord(exported)) throw problem(`${path} exports no transforms; ${SHAPE_HINT}`);

  const transforms: Record<string, CustomTransform> = {};
  const issues: string[] = [];
  for (const [name, fn] of Object.entries(exported)) {
    if (typeof fn !== "function") issues.push(`"${name}" is a ${typeof fn}, not a function`);
    else if (!TRANSFORM_NAME.test(name))
      issues.push(`"${name}" is not a usable name (letters, digits, _ and -)`);
    else if ((SIMPLE_TRANSFORMS as readonly string[]).includes(name))
      issues.push(`"${name}" is a built-in transform; give yours another name`);
    else transforms[name] = fn as CustomTransform;
  }
  const attributes = module["attributes"] ?? [];
  if (
    !Array.isArray(attributes) ||
    !attributes.every((a) => typeof a === "string" && ATTRIBUTE_NAME.test(a))
  ) {
    issues.push(
      '`attributes` must be a list of attribute names, e.g. export const attributes = ["employeeID"]',
    );
  }
  if (issues.length > 0) throw problem(`${path}: ${issues.join("; ")}`);
  return { transforms, attributes: attributes as string[], moduleText };
}

/**
 * Runs a custom transform as a step. The function is the site's own code run on one user's data, so
 * what it throws, or a wrong return, is that user's problem: a UserDataError naming the transform,
 * which skips the user and lets the run go on, as the CustomTransform contract says.
 */
export function customStep(
  name: string,
  fn: CustomTransform,
): (value: string, user: TransformUser) => string {
  return (value, user) => {
    let result: unknown;
    try {
      result = fn(value, user);
    } catch (error) {
      throw new UserDataError(
        `custom transform "${name}" failed: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    if (result === null || result === undefined) return "";
    if (typeof result === "string") return result;
    if (result instanceof Promise) {
      // Its rejection would otherwise be unhandled and end the process.
      result.catch(() => undefined);
      throw new UserDataError(
        `custom transform "${name}" returned a Promise; transforms must be synchronous`,
      );
    }
    const what = `a ${typeof result}`;
    throw new UserDataError(`custom transform "${name}" returned ${what}, not text or null`);
  };
}
