/** Compiles the transforms of one value into a single function; regexes and parsers are built once. */
import type { CountryCode } from "libphonenumber-js";
import type { Warning } from "../model/desired.js";
import { customStep, type CustomTransforms, type TransformUser } from "./custom-transforms.js";
import { didYouMean, type KeyPath } from "../diagnostics/index.js";
import { extensionMessage, invalidPhoneMessage, phoneParser } from "./phone.js";
import { SIMPLE_TRANSFORMS, TRANSFORM_NAME, type TransformSpec } from "./schema.js";
import { collapseSpaces, cut } from "./text.js";

/** Per-user state threaded through the compiled functions. */
export interface MapContext {
  source: string;
  warnings: Warning[];
  /** The user being mapped, for custom transforms. */
  user: TransformUser;
}

/** A value step: "" means empty. */
export type Step = (value: string, ctx: MapContext) => string;

/** A problem found while compiling, reported as a ConfigIssue. */
export interface CompileProblem {
  path: KeyPath;
  message: string;
}

export interface StepOptions {
  /** The contact field named in warnings, e.g. `title`, `address.country`, `phoneNumbers`. */
  field: string;
  /** The contract's length limit for the field, if it has one (for a bare `truncate`). */
  limit: number | undefined;
  /** The mapping's default region (for `e164`). */
  region: CountryCode | undefined;
  /** Prefixes warnings, e.g. `mobile number from mobile`, where the field alone is ambiguous. */
  label?: string;
}

interface CompiledStep {
  run: Step;
  /** Whether the step runs on an empty value (only `default` does). */
  onEmpty: boolean;
}

/** Empty or only white space. Called several times per value, so the usual case skips trim(). */
export function isBlank(value: string): boolean {
  if (value.length === 0) return true;
  const first = value.charCodeAt(0);
  if (first > 0x20 && first < 0x7f) return false;
  return value.trim().length === 0;
}

export function compileTransforms(
  specs: readonly TransformSpec[] | undefined,
  path: KeyPath,
  options: StepOptions,
  problems: CompileProblem[],
  custom: CustomTransforms = {},
): Step | undefined {
  if (!specs || specs.length === 0) return undefined;
  const steps: CompiledStep[] = [];
  specs.forEach((spec, i) => {
    const step = compileOne(spec, [...path, "transforms", i], options, problems, custom);
    if (step) steps.push(step);
  });
  const [only] = steps;
  if (steps.length === 1 && only && !only.onEmpty) {
    return (v, ctx) => (v === "" ? v : only.run(v, ctx));
  }
  return (value, ctx) => {
    let v = value;
    for (const s of steps) {
      if (s.onEmpty || v !== "") v = s.run(v, ctx);
    }
    return v;
  };
}

function compileOne(
  spec: TransformSpec,
  path: KeyPath,
  options: StepOptions,
  problems: CompileProblem[],
  custom: CustomTransforms,
): CompiledStep | undefined {
  const plain = (run: Step): CompiledStep => ({ run, onEmpty: false });
  if (typeof spec === "string") {
    switch (spec) {
      case "trim":
        return plain((v) => v.trim());
      case "lowercase":
        return plain((v) => v.toLowerCase());
      case "uppercase":
        return plain((v) => v.toUpperCase());
      case "collapseSpaces":
        return plain(collapseSpaces);
      case "e164":
        return plain(e164Step(options.region, options));
      case "truncate": {
        const limit = options.limit;
        if (limit === undefined) {
          problems.push({
            path,
            message: `${options.field} has no length limit in the contract; give one, e.g. { truncate: 100 }`,
          });
          return undefined;
        }
        return plain((v) => cut(v, limit));
      }
    }
    return compileCustom(spec, path, problems, custom);
  }
  if (spec.truncate !== undefined) {
    const limit = spec.truncate;
    return plain((v) => cut(v, limit));
  }
  if (spec.e164 !== undefined) return plain(e164Step(spec.e164.region, options));
  if (spec.replace !== undefined) {
    const { pattern, with: replacement, flags = "" } = spec.replace;
    let re: RegExp;
    try {
      re = new RegExp(pattern, `${flags}g`);
    } catch (error) {
      problems.push({
        path: [...path, "replace", "pattern"],
        message: `not a valid regular expression: ${(error as Error).message}`,
      });
      return undefined;
    }
    return plain((v) => v.replace(re, replacement));
  }
  if (spec.default !== undefined) {
    const fallback = spec.default;
    return { run: (v) => (isBlank(v) ? fallback : v), onEmpty: true };
  }
  problems.push({ path, message: "empty transform" });
  return undefined;
}

function compileCustom(
  name: string,
  path: KeyPath,
  problems: CompileProblem[],
  custom: CustomTransforms,
): CompiledStep | undefined {
  const fn = Object.hasOwn(custom, name) ? custom[name] : undefined;
  if (fn !== undefined) {
    const step = customStep(name, fn);
    return { run: (v, ctx) => step(v, ctx.user), onEmpty: false };
  }
  problems.push({ path, message: unknownTransformMessage(name, custom) });
  return undefined;
}

export function isKnownTransform(name: string, custom: CustomTransforms): boolean {
  return (SIMPLE_TRANSFORMS as readonly string[]).includes(name) || Object.hasOwn(custom, name);
}

export function unknownTransformMessage(name: string, custom: CustomTransforms): string {
  const known = [...SIMPLE_TRANSFORMS, ...Object.keys(custom)];
  const near = didYouMean(name, known);
  return (
    `unknown transform "${name}"${near !== undefined ? ` (did you mean "${near}"?)` : ""}; use one of ` +
    `${known.join(", ")} (custom ones come from transformsModule), or an object: { truncate: N }, ` +
    `{ e164: { region: SE } }, { replace: { pattern, with } }, { default: "text" }`
  );
}

/**
 * Unknown transform names anywhere in a mapping that failed its schema, so that they are reported
 * together with the schema's issues (they are otherwise found while compiling).
 */
export function unknownTransforms(
  input: unknown,
  custom: CustomTransforms,
  path: KeyPath = [],
): CompileProblem[] {
  if (input === null || typeof input !== "object") return [];
  const out: CompileProblem[] = [];
  for (const [key, value] of Object.entries(input)) {
    const at = [...path, Array.isArray(input) ? Number(key) : key];
    if (key === "transforms" && Array.isArray(value)) {
      value.forEach((item: unknown, i) => {
        if (typeof item === "string" && TRANSFORM_NAME.test(item) && !isKnownTransform(item, custom))
          out.push({ path: [...at, i], message: unknownTransformMessage(item, custom) });
      });
    } else out.push(...unknownTransforms(value, custom, at));
  }
  return out;
}

function e164Step(region: CountryCode | undefined, options: StepOptions): Step {
  const parse = phoneParser(region);
  const { field } = options;
  const prefix = options.label !== undefined ? `${options.label}: ` : "";
  return (value, ctx) => {
    const raw = value.trim();
    if (raw === "") return "";
    const parsed = parse(raw);
    if (parsed.number === null) {
      ctx.warnings.push({ source: ctx.source, field, message: prefix + invalidPhoneMessage(raw, region) });
      return "";
    }
    if (parsed.extension !== null) {
      ctx.warnings.push({
        source: ctx.source,
        field,
        message: prefix + extensionMessage(raw, parsed.extension),
      });
    }
    return parsed.number;
  };
}
