/** Reads, validates and compiles a mapping file once; `mapUser` then runs plain closures per user. */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { LineCounter, parseDocument } from "yaml";
import { MANAGEABLE_FIELDS, type ManagedField } from "../model/contact.js";
import type { DesiredContact, Skip, Warning } from "../model/desired.js";
import { didYouMean, formatKeyPath, lineFinder, locateAll } from "../diagnostics/index.js";
import { ConfigError } from "../model/errors.js";
import type { SourceUser } from "../source/types.js";
import { loadTransformsModule, type CustomTransforms } from "./custom-transforms.js";
import { compileFields } from "./fields.js";
import { zodIssues, type KeyHint } from "./issues.js";
import { mappingSchema } from "./schema.js";
import { mapOne } from "./map-user.js";
import { unknownTransforms } from "./transforms.js";
import { AttributeSet, type CompileScope } from "./values.js";

export type UserMapping =
  { contact: DesiredContact; warnings: Warning[] } | { skip: Skip; warnings: Warning[] };

export interface CompiledMapping {
  file: string;
  /** sha256 (hex) of the file text, and of the transformsModule's text when it names one. */
  fingerprint: string;
  /** Every source attribute the mapping reads, spelled as in the file, deduplicated case-insensitively. */
  attributes: string[];
  /** The fields the mapping manages, in MANAGEABLE_FIELDS order. */
  managedFields: ManagedField[];
  /**
   * One user through the mapping and the contract checks: a contact keyed `<prefix><guid>`, or a
   * skip with the reason (no GUID, no name, a failing custom transform); warnings either way. Throws
   * only on a bug in the tool.
   */
  mapUser(user: SourceUser, prefix: string): UserMapping;
}

export async function loadMapping(file: string): Promise<CompiledMapping> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(file, [
      {
        key: "",
        message: `cannot read the mapping file (${code}); check the "mapping" path in the configuration`,
      },
    ]);
  }
  const module = transformsModuleOf(text);
  if (module === undefined) return compileMapping(text, file);
  const loaded = await loadTransformsModule(module.specifier, file, module.line);
  return compileMapping(text, file, loaded);
}

/** The mapping's transformsModule, if it names one; a broken file is left to compileMapping to report. */
function transformsModuleOf(text: string): { specifier: string; line: number | undefined } | undefined {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  if (doc.errors.length > 0) return undefined;
  const specifier: unknown = doc.get("transformsModule");
  if (typeof specifier !== "string" || specifier === "") return undefined;
  return { specifier, line: lineFinder(doc, counter)(["transformsModule"]) };
}

export interface CompileOptions {
  /** The functions of the file's transformsModule, as loadMapping loads them. */
  transforms?: CustomTransforms;
  /** Attributes those functions read from the user, to be fetched with the mapping's own. */
  attributes?: readonly string[];
  /** The module's text: a changed function changes the mapping's fingerprint. */
  moduleText?: string;
}

function fingerprintOf(text: string, moduleText: string | undefined): string {
  const hash = createHash("sha256").update(text);
  if (moduleText !== undefined) hash.update("\0").update(moduleText);
  return hash.digest("hex");
}

const TOP_KEYS = ["region", "transformsModule", "fields"];
const ADDRESS_KEYS = ["street", "postalCode", "city", "country"];

const keyHint: KeyHint = (path, key) => {
  const where = formatKeyPath(path);
  const suggest = (allowed: readonly string[]): string => {
    const near = didYouMean(key, allowed);
    return `${near !== undefined ? `; did you mean "${near}"?` : ""} Allowed: ${allowed.join(", ")}`;
  };
  if (where === "") return suggest(TOP_KEYS);
  if (where === "fields") {
    if (key === "externalId") return "; externalId is always <prefix><objectGUID> and cannot be mapped";
    return suggest(MANAGEABLE_FIELDS);
  }
  if (where === "fields.address") return suggest(ADDRESS_KEYS);
  return "";
};

export function compileMapping(text: string, file: string, options: CompileOptions = {}): CompiledMapping {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => ({
        key: "",
        message: `not valid YAML: ${(e.message.split("\n")[0] ?? e.code).replace(/ at line \d+, column \d+:?$/, "")}`,
        line: e.linePos?.[0].line,
      })),
    );
  }
  const input: unknown = doc.toJS();
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new ConfigError(file, [
      {
        key: "",
        message:
          "a mapping file holds a YAML map with at least `fields:` (see mappings/active-directory.yaml)",
      },
    ]);
  }
  const lineOf = lineFinder(doc, counter);
  const parsed = mappingSchema.safeParse(input);
  if (!parsed.success) {
    const unknown = unknownTransforms(input, options.transforms ?? {});
    throw new ConfigError(file, zodIssues(parsed.error, input, lineOf, keyHint, unknown));
  }

  const { fields } = parsed.data;
  const region = parsed.data.region;
  if (parsed.data.transformsModule !== undefined && options.transforms === undefined) {
    throw new ConfigError(file, [
      {
        key: "transformsModule",
        message: "custom transforms are loaded by loadMapping(); compileMapping() was given none",
        line: lineOf(["transformsModule"]),
      },
    ]);
  }
  const scope: CompileScope = {
    attributes: new AttributeSet(),
    problems: [],
    ...(options.transforms ? { custom: options.transforms } : {}),
  };
  const writers = compileFields(fields, region, scope);
  for (const name of options.attributes ?? []) scope.attributes.use(name);
  if (fields.firstName === undefined && fields.lastName === undefined && fields.displayName === undefined) {
    scope.problems.push({
      path: ["fields"],
      message: "map at least one of firstName, lastName, displayName: MBN needs a name on every contact",
    });
  }
  if (scope.problems.length > 0) throw new ConfigError(file, locateAll(scope.problems, lineOf));

  return {
    file,
    fingerprint: fingerprintOf(text, options.moduleText),
    attributes: scope.attributes.list(),
    managedFields: MANAGEABLE_FIELDS.filter((f) => fields[f] !== undefined),
    mapUser: (user, prefix) => mapOne(writers, user, prefix),
  };
}
