import { writeFileSync } from "node:fs";

export interface UsersLdifOptions {
  /** Index of the first user (default 0): the file holds users first … first + count − 1. */
  first?: number;
  /**
   * Attribute values to set on user i (replacing the generated value, or added), e.g. `{ title: "CTO" }`
   * to turn a user's next sync into an update. Return undefined to leave the user as generated.
   */
  attributes?: (i: number) => Partial<Record<string, string>> | undefined;
}

/**
 * A deterministic AD export of `count` enabled users, each with an objectGUID, name, mail and mobile.
 * User i is the same in every file (same GUID, so the same externalId), so files of different ranges or
 * edits make the creates, updates and deletes a test wants.
 */
export function generateUsersLdif(count: number, options: UsersLdifOptions = {}): string {
  const first = options.first ?? 0;
  const blocks: string[] = [];
  for (let i = first; i < first + count; i++) {
    // A Map keeps the generated order; an edit replaces a value in place, a new attribute goes last.
    const attributes = new Map(userAttributes(i));
    for (const [name, value] of Object.entries(options.attributes?.(i) ?? {})) {
      if (value !== undefined) attributes.set(name, value);
    }
    const lines = [...attributes].map(([name, value]) => `${name}: ${value}`);
    blocks.push(
      [
        lines[0],
        "objectClass: top",
        "objectClass: person",
        "objectClass: organizationalPerson",
        "objectClass: user",
        `objectGUID:: ${userGuid(i).toString("base64")}`,
        ...lines.slice(1),
      ].join("\n"),
    );
  }
  return `version: 1\n\n${blocks.join("\n\n")}\n`;
}

/** Writes generateUsersLdif(count, options) to `file` and returns the path. */
export function writeUsersLdif(file: string, count: number, options: UsersLdifOptions = {}): string {
  writeFileSync(file, generateUsersLdif(count, options));
  return file;
}

/** The objectGUID of user i, 16 bytes. */
export function userGuid(i: number): Buffer {
  const guid = Buffer.alloc(16);
  guid.writeUInt32BE(0x5eed0000 + i, 0);
  guid.writeUInt32BE(Math.imul(i + 1, 0x9e3779b1) >>> 0, 4);
  guid.writeUInt32BE(Math.imul(i + 7, 0x85ebca6b) >>> 0, 8);
  guid.writeUInt32BE(Math.imul(i + 13, 0xc2b2ae35) >>> 0, 12);
  return guid;
}

function userAttributes(i: number): [string, string][] {
  const n = String(i).padStart(4, "0");
  const digits = String(1_000_000 + i * 997).slice(-7);
  // Half written the way AD often holds them (+47 4xx xx xxx), half without the country code.
  const mobile =
    i % 2 === 0
      ? `+47 4${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4)}`
      : `9${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4)}`;
  return [
    ["dn", `CN=Bruker ${n},OU=Ansatte,DC=eksempel,DC=no`],
    ["sAMAccountName", `bruker${n}`],
    ["userAccountControl", "512"],
    ["givenName", ["Kari", "Ola", "Ingrid", "Per", "Åse"][i % 5] ?? ""],
    ["sn", `Nordmann${n}`],
    ["mail", `bruker${n}@eksempel.no`],
    ["mobile", mobile],
  ];
}
