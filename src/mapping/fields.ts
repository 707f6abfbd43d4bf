/** Compiles the `fields` of a mapping into one writer per managed field. */
import type { CountryCode } from "libphonenumber-js";
import {
  FIELD_LIMITS,
  MANAGEABLE_FIELDS,
  type Address,
  type ManagedField,
  type ManagedValues,
} from "../model/contact.js";
import { checkCountry, checkEmail, checkText, PhoneList } from "./contract.js";
import type { KeyPath } from "../diagnostics/index.js";
import type { AddressSpec, FieldsSpec, PhoneEntrySpec } from "./schema.js";
import { compileTransforms, type MapContext } from "./transforms.js";
import { compileAllValues, compileValue, type Attributes, type CompileScope } from "./values.js";

export interface FieldWriter {
  field: ManagedField;
  write(attrs: Attributes, ctx: MapContext, out: ManagedValues): void;
}

/** The fields holding one text value: every manageable field but the phone list and the address. */
type TextField = Exclude<ManagedField, "phoneNumbers" | "address">;
const TEXT_FIELDS = MANAGEABLE_FIELDS.filter((f): f is TextField => f !== "phoneNumbers" && f !== "address");

type TextSetter = (out: ManagedValues, value: string | null) => void;

/**
 * One store per field with its name written out: `out[field] = value` with the name in a variable
 * is a generic keyed store, which V8 runs several times slower once it has seen eight names.
 */
const SET_TEXT: Record<Exclude<TextField, "email">, TextSetter> = {
  firstName: (out, value) => {
    out.firstName = value;
  },
  lastName: (out, value) => {
    out.lastName = value;
  },
  displayName: (out, value) => {
    out.displayName = value;
  },
  company: (out, value) => {
    out.company = value;
  },
  department: (out, value) => {
    out.department = value;
  },
  title: (out, value) => {
    out.title = value;
  },
  notes: (out, value) => {
    out.notes = value;
  },
};

export function compileFields(
  fields: FieldsSpec,
  region: CountryCode | undefined,
  scope: CompileScope,
): FieldWriter[] {
  const writers: FieldWriter[] = [];
  for (const field of TEXT_FIELDS) {
    const spec = fields[field];
    if (spec === undefined) continue;
    const limit = FIELD_LIMITS[field];
    const get = compileValue(spec, ["fields", field], { field, limit, region }, scope);
    if (field === "email") {
      writers.push({
        field,
        write(attrs, ctx, out) {
          out.email = checkEmail(get(attrs, ctx), ctx);
        },
      });
      continue;
    }
    const set = SET_TEXT[field];
    writers.push({
      field,
      write(attrs, ctx, out) {
        set(out, checkText(field, limit, get(attrs, ctx), ctx));
      },
    });
  }
  if (fields.phoneNumbers !== undefined) writers.push(compilePhones(fields.phoneNumbers, region, scope));
  if (fields.address !== undefined) writers.push(compileAddress(fields.address, region, scope));
  return writers;
}

type PhoneAdder = (attrs: Attributes, ctx: MapContext, list: PhoneList) => void;

function compilePhones(
  entries: PhoneEntrySpec[],
  region: CountryCode | undefined,
  scope: CompileScope,
): FieldWriter {
  const adders = entries.map((entry, i): PhoneAdder => {
    const path: KeyPath = ["fields", "phoneNumbers", i];
    const { type } = entry;
    const label = `${type} number${entry.from !== undefined ? ` from ${entry.from}` : ""}`;
    const options = { field: "phoneNumbers", limit: undefined, region, label };
    if (entry.all === true && entry.from !== undefined) {
      const values = compileAllValues(entry.from, scope);
      const steps = compileTransforms(entry.transforms, path, options, scope.problems, scope.custom);
      return (attrs, ctx, list) => {
        for (const v of values(attrs)) list.add(type, steps ? steps(v, ctx) : v, ctx);
      };
    }
    const { from, template, value, first, transforms } = entry;
    const get = compileValue({ from, template, value, first, transforms }, path, options, scope);
    return (attrs, ctx, list) => {
      list.add(type, get(attrs, ctx), ctx);
    };
  });
  return {
    field: "phoneNumbers",
    write(attrs, ctx, out) {
      const list = new PhoneList();
      for (const add of adders) add(attrs, ctx, list);
      out.phoneNumbers = list.finish(ctx);
    },
  };
}

const ADDRESS_PARTS = ["street", "postalCode", "city", "country"] as const;

function compileAddress(
  spec: AddressSpec,
  region: CountryCode | undefined,
  scope: CompileScope,
): FieldWriter {
  const parts = ADDRESS_PARTS.map((part) => {
    const partSpec = spec[part];
    const field = `address.${part}`;
    if (partSpec === undefined) return () => null;
    const get = compileValue(
      partSpec,
      ["fields", "address", part],
      { field, limit: undefined, region },
      scope,
    );
    return part === "country"
      ? (attrs: Attributes, ctx: MapContext) => checkCountry(get(attrs, ctx), ctx)
      : (attrs: Attributes, ctx: MapContext) => checkText(field, undefined, get(attrs, ctx), ctx);
  });
  const [street, postalCode, city, country] = parts as [Part, Part, Part, Part];
  return {
    field: "address",
    write(attrs, ctx, out) {
      const address: Address = {
        street: street(attrs, ctx),
        postalCode: postalCode(attrs, ctx),
        city: city(attrs, ctx),
        country: country(attrs, ctx),
      };
      const empty =
        address.street === null &&
        address.postalCode === null &&
        address.city === null &&
        address.country === null;
      out.address = empty ? null : address;
    },
  };
}

type Part = (attrs: Attributes, ctx: MapContext) => string | null;
