import { open } from "node:fs/promises";
import type { SourceUser } from "../../src/source/types.js";

/** Synthetic AD users as the LDAP source hands them over: every mapped attribute, some messy. */
export function syntheticUsers(count: number): SourceUser[] {
  const users: SourceUser[] = [];
  for (let i = 0; i < count; i++) {
    const n = String(i).padStart(6, "0");
    users.push({
      dn: `CN=User ${n},OU=Staff,DC=corp,DC=example`,
      guid: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      attributes: {
        samaccountname: [`user${n}`],
        givenname: [i % 3 === 0 ? " Kåre " : "Kari"],
        sn: [`Nordmann${n}`],
        displayname: i % 2 === 0 ? [`Kari Nordmann ${n}`] : [],
        mail: [` User${n}@Corp.Example `],
        mobile: [`9${n.slice(0, 3)} ${n.slice(3)}${i % 10}`],
        telephonenumber: [i % 4 === 0 ? "22 00 00 01" : `+47 2${n}0`],
        title: ["Engineer"],
        department: ["IT"],
        company: ["Eksempel AS"],
        streetaddress: ["Storgata 1"],
        postalcode: ["0155"],
        l: ["Oslo"],
        c: ["NO"],
      },
    });
  }
  return users;
}

/** One user of the synthetic population as an ldifde-style entry, objectGUID base64-encoded as AD writes it. */
function ldifEntry(i: number): string {
  const n = String(i).padStart(6, "0");
  const guid = Buffer.alloc(16);
  guid.writeUInt32BE(i, 12);
  guid.writeUInt32BE(0x40000000, 4);
  return [
    `dn: CN=User ${n},OU=Staff,DC=corp,DC=example`,
    "changetype: add",
    "objectClass: top",
    "objectClass: person",
    "objectClass: organizationalPerson",
    "objectClass: user",
    `cn: User ${n}`,
    `objectGUID:: ${guid.toString("base64")}`,
    `sAMAccountName: user${n}`,
    "userAccountControl: 512",
    // A non-ASCII value is base64 in an ldifde export.
    i % 3 === 0 ? `givenName:: ${Buffer.from("Kåre").toString("base64")}` : "givenName: Kari",
    `sn: Nordmann${n}`,
    `displayName: Kari Nordmann ${n}`,
    `mail: user${n}@corp.example`,
    // Every hundredth number is not one, as some are in any directory: a warning each.
    i % 100 === 50 ? "mobile: n/a" : `mobile: +47 9${n.slice(0, 3)} ${n.slice(3)}${i % 10}`,
    "telephoneNumber: 22 00 00 01",
    "title: Engineer",
    "department: IT",
    "company: Eksempel AS",
    "streetAddress: Storgata 1",
    "postalCode: 0155",
    "l: Oslo",
    "c: NO",
    // A folded line, as ldifde writes long values.
    `description: A long description of user ${n} that an export tool folds over more than one li`,
    " ne of the file.",
  ].join("\n");
}

/** The same population as an ldifde-style export. */
export function syntheticLdif(count: number): string {
  const blocks: string[] = ["version: 1"];
  for (let i = 0; i < count; i++) blocks.push(ldifEntry(i));
  return `${blocks.join("\n\n")}\n`;
}

/** syntheticLdif written to `file` a thousand entries at a time, for populations too large for one string. */
export async function writeSyntheticLdif(file: string, count: number): Promise<void> {
  const out = await open(file, "w");
  try {
    await out.write("version: 1\n");
    for (let i = 0; i < count; i += 1000) {
      const entries: string[] = [];
      for (let j = i; j < Math.min(count, i + 1000); j++) entries.push(`\n${ldifEntry(j)}\n`);
      await out.write(entries.join(""));
    }
  } finally {
    await out.close();
  }
}
