/** Compiles where a value comes from (from, template, value, first) into a function of the user's attributes. */
import { ATTRIBUTE_NAME, type ValueSpec } from "./schema.js";
import {
  compileTransforms,
  isBlank,
  type CompileProblem,
  type MapContext,
  type StepOptions,
} from "./transforms.js";
import type { KeyPath } from "../diagnostics/index.js";
import type { CustomTransforms } from "./custom-transforms.js";
import { collapseSpaces } from "./text.js";

export type Attributes = Record<string, string[] | undefined>;
/** The value of one field for one user: "" when empty. */
export type Getter = (attrs: Attributes, ctx: MapContext) => string;

/** Every attribute a mapping reads, spelled as first written, deduplicated case-insensitively. */
export class AttributeSet {
  private readonly names = new Map<string, string>();
  /** Records the attribute and returns its key in SourceUser.attributes (lower case). */
  use(name: string): string {
    const key = name.toLowerCase();
    if (!this.names.has(key)) this.names.set(key, name);
    return key;
  }
  list(): string[] {
    return [...this.names.values()];
  }
}

export interface CompileScope {
  attributes: AttributeSet;
  problems: CompileProblem[];
  /** The functions of the mapping's transformsModule, by name. */
  custom?: CustomTransforms;
}

/** The first non-blank value of an attribute, or "". */
export function firstValue(attrs: Attributes, key: string): string {
  const values = attrs[key];
  if (!values) return "";
  for (const v of values) if (!isBlank(v)) return v;
  return "";
}

type SourceSpec = Exclude<ValueSpec, string>;

export function compileValue(
  spec: ValueSpec,
  path: KeyPath,
  options: StepOptions,
  scope: CompileScope,
): Getter {
  if (typeof spec === "string") {
    const key = scope.attributes.use(spec);
    return (attrs) => firstValue(attrs, key).trim();
  }
  const source = compileSource(spec, path, options, scope);
  const steps = compileTransforms(spec.transforms, path, options, scope.problems, scope.custom);
  if (!steps) return source;
  return (attrs, ctx) => steps(source(attrs, ctx), ctx);
}

function compileSource(spec: SourceSpec, path: KeyPath, options: StepOptions, scope: CompileScope): Getter {
  if (spec.from !== undefined) {
    const key = scope.attributes.use(spec.from);
    return (attrs) => firstValue(attrs, key);
  }
  if (spec.template !== undefined) return compileTemplate(spec.template, [...path, "template"], scope);
  if (spec.value !== undefined) {
    const constant = spec.value;
    return () => constant;
  }
  const alternatives = (spec.first ?? []).map((alt, i) =>
    compileValue(alt, [...path, "first", i], options, scope),
  );
  return (attrs, ctx) => {
    for (const alt of alternatives) {
      const v = alt(attrs, ctx);
      if (!isBlank(v)) return v;
    }
    return "";
  };
}

const PLACEHOLDER = /\$\{([^}]*)\}/g;

/**
 * `${attr}` placeholders. A missing attribute gives empty text; the result is collapsed and trimmed
 * ("Kari " → "Kari"), and is empty when every placeholder is, so `first` moves on to the next alternative.
 */
export function compileTemplate(template: string, path: KeyPath, scope: CompileScope): Getter {
  const literals: string[] = [];
  const keys: string[] = [];
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const name = (match[1] ?? "").trim();
    if (!ATTRIBUTE_NAME.test(name)) {
      scope.problems.push({
        path,
        message: `\${${match[1] ?? ""}} is not an attribute name: use letters, digits and hyphens, e.g. \${givenName}`,
      });
    }
    literals.push(template.slice(last, match.index));
    keys.push(scope.attributes.use(name));
    last = match.index + match[0].length;
  }
  const tail = template.slice(last);
  if (tail.includes("${")) {
    scope.problems.push({ path, message: 'a "${" without its closing "}"' });
  }
  literals.push(tail);
  if (keys.length === 0) {
    const constant = collapseSpaces(template).trim();
    return () => constant;
  }
  return (attrs) => {
    let out = literals[0] ?? "";
    let any = false;
    for (let i = 0; i < keys.length; i++) {
      const v = firstValue(attrs, keys[i] ?? "");
      if (v !== "") any = true;
      out += v + (literals[i + 1] ?? "");
    }
    return any ? collapseSpaces(out).trim() : "";
  };
}

/** For phone entries with `all: true`: every non-blank value of the attribute. */
export function compileAllValues(attribute: string, scope: CompileScope): (attrs: Attributes) => string[] {
  const key = scope.attributes.use(attribute);
  return (attrs) => (attrs[key] ?? []).filter((v) => !isBlank(v));
}
