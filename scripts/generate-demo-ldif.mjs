#!/usr/bin/env node
// Writes examples/demo/users.ldif: an ldifde-style export of the fictitious "Eksempel AS".
// Deterministic: the same output on every run (GUIDs are derived from the account names).
//   node scripts/generate-demo-ldif.mjs [output-file]
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = "DC=eksempel,DC=no";
const STAFF = `OU=Ansatte,${ROOT}`;
const OFFICES = {
  Oslo: { street: "Karl Johans gate 12", postalCode: "0154", city: "Oslo" },
  Bergen: { street: "Strandkaien 4", postalCode: "5013", city: "Bergen" },
  Trondheim: { street: "Munkegata 20", postalCode: "7011", city: "Trondheim" },
};

// [givenName, sn, office (sub-OU) or null for OU=Ansatte itself, title, department]
const PEOPLE = [
  ["Kari", "Nordmann", null, "Daglig leder", "Ledelse"],
  ["Ola", "Nordmann", null, "Økonomisjef", "Økonomi"],
  ["Bjørn", "Sæther", "Oslo", "Salgssjef", "Salg"],
  ["Åse", "Bråten", "Oslo", "Selger", "Salg"],
  ["Håkon", "Strøm", "Oslo", "Selger", "Salg"],
  ["Sølvi", "Øverby", "Oslo", "Kundebehandler", "Kundeservice"],
  ["Jørgen", "Lærum", "Oslo", "Utvikler", "IT"],
  ["Ingrid", "Hansen", "Oslo", "IT-sjef", "IT"],
  ["Lars", "Johansen", "Oslo", "Systemadministrator", "IT"],
  ["Marte", "Olsen", "Oslo", "Regnskapsfører", "Økonomi"],
  ["Per", "Larsen", "Oslo", "Lagerarbeider", "Logistikk"],
  ["Nina", "Andersen", "Oslo", "HR-rådgiver", "HR"],
  ["Terje", "Pedersen", "Oslo", "Konsulent", "Rådgivning"],
  ["Silje", "Nilsen", "Oslo", "Konsulent", "Rådgivning"],
  ["Øyvind", "Kristiansen", "Oslo", "Prosjektleder", "Rådgivning"],
  ["Kjersti", "Jensen", "Oslo", "Markedsfører", "Marked"],
  ["Geir", "Karlsen", "Oslo", "Innkjøper", "Logistikk"],
  ["Hanne", "Johnsen", "Oslo", "Resepsjonist", "Administrasjon"],
  ["Tor", "Pettersen", "Oslo", "Sjåfør", "Logistikk"],
  ["Anne", "Eriksen", "Oslo", "Kundebehandler", "Kundeservice"],
  ["Espen", "Berg", "Bergen", "Avdelingsleder", "Salg"],
  ["Ragnhild", "Halvorsen", "Bergen", "Selger", "Salg"],
  ["Sindre", "Iversen", "Bergen", "Selger", "Salg"],
  ["Tone", "Moen", "Bergen", "Kundebehandler", "Kundeservice"],
  ["Eirik", "Jacobsen", "Bergen", "Utvikler", "IT"],
  ["Mari", "Andreassen", "Bergen", "Konsulent", "Rådgivning"],
  ["Knut", "Strand", "Bergen", "Lagerleder", "Logistikk"],
  ["Liv", "Lunde", "Bergen", "Regnskapsfører", "Økonomi"],
  ["Stian", "Solberg", "Bergen", "Tekniker", "Service"],
  ["Guro", "Dæhli", "Bergen", "Tekniker", "Service"],
  ["Magnus", "Berntsen", "Trondheim", "Avdelingsleder", "Service"],
  ["Ida", "Knutsen", "Trondheim", "Tekniker", "Service"],
  ["Vegard", "Lie", "Trondheim", "Tekniker", "Service"],
  ["Synnøve", "Næss", "Trondheim", "Selger", "Salg"],
  ["Arne", "Kvam", "Trondheim", "Utvikler", "IT"],
  ["Randi", "Aas", "Trondheim", "Kundebehandler", "Kundeservice"],
  ["Even", "Fjeld", "Trondheim", "Lagerarbeider", "Logistikk"],
  ["Torild", "Haugen", "Trondheim", "Konsulent", "Rådgivning"],
  ["Ståle", "Bakke", null, "Styreleder", "Ledelse"],
  ["Marit", "Solbakken", null, "Kommunikasjonssjef", "Marked"],
  ["Frode", "Ødegård", null, "Salgsdirektør", "Salg"],
  ["Camilla", "Vik", null, "Controller", "Økonomi"],
  ["Henrik", "Aune", null, "Jurist", "Ledelse"],
  ["Linn", "Tangen", null, "HR-sjef", "HR"],
  ["Jon Erik", "Holm", null, "Teknisk direktør", "IT"],
  ["Kristin", "Ås", null, "Sikkerhetsansvarlig", "IT"],
  ["Mathias", "Nygård", null, "Trainee", "Rådgivning"],
  ["Ane", "Sørli", null, "Trainee", "Rådgivning"],
  ["Anders", "Svensson", null, "Nordisk salgsleder", "Salg"],
];

// Numbers in the many shapes people type them into AD; the mapping must normalise or reject them.
const MOBILES = [
  "+47 912 34 567",
  "91234567",
  "(+47) 900 12 345",
  "+4741234567",
  "412 34 567",
  "47 11 22 33",
  "+47 48 00 12 34",
  "004792345678",
];
const PHONES = ["22 00 02 11 ext. 123", "0047 22000123", "+47 22 00 01 00", "23000456"];

const ASCII = { æ: "ae", ø: "o", å: "a", Æ: "AE", Ø: "O", Å: "A" };
const ascii = (s) => s.replace(/[æøåÆØÅ]/g, (c) => ASCII[c]);

function guidBytes(seed) {
  const bytes = createHash("sha256").update(`eksempel.no/${seed}`).digest().subarray(0, 16);
  bytes[7] = (bytes[7] & 0x0f) | 0x40; // version 4 (the fourth byte pair is stored little-endian)
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  return bytes;
}

/** An ldifde-style line: base64 (`::`) when the value is not safe as plain text. */
function line(name, value, { plainUtf8 = false } = {}) {
  if (Buffer.isBuffer(value)) return `${name}:: ${value.toString("base64")}`;
  const unsafe = /^[ :<]|[\r\n\0]| $/.test(value);
  const nonAscii = /[^\x20-\x7e]/.test(value);
  if (unsafe || (nonAscii && !plainUtf8)) return `${name}:: ${Buffer.from(value, "utf8").toString("base64")}`;
  return `${name}: ${value}`;
}

/** Folds at 78 columns as ldifde does: the continuation starts with one space. */
function fold(text) {
  if (text.length <= 78) return text;
  const parts = [text.slice(0, 78)];
  for (let i = 78; i < text.length; i += 77) parts.push(` ${text.slice(i, i + 77)}`);
  return parts.join("\n");
}

function userEntry(person, index) {
  const [givenName, sn, office, title, department] = person;
  const displayName = `${givenName} ${sn}`;
  const sam = ascii(`${givenName.split(" ")[0]}.${sn}`).toLowerCase();
  const ou = office ? `OU=${office},${STAFF}` : STAFF;
  const place = OFFICES[office ?? "Oslo"];
  // Every fifth person was typed in by hand with plain UTF-8; ldifde itself base64-encodes non-ASCII.
  const plainUtf8 = index % 5 === 4;
  const swedish = sn === "Svensson";
  let mobile = MOBILES[index % MOBILES.length];
  let phone = index % 3 === 0 ? PHONES[(index / 3) % PHONES.length] : undefined;
  let mail = `${sam}@eksempel.no`;
  if (swedish) mobile = "+46 8 123 456 78";
  if (index === 9) phone = "n/a";
  if (index === 3) mail = mail.toUpperCase();
  if (index === 12) mail = ` ${mail} `;
  if (index === 27) mail = `${givenName}.${sn}@Eksempel.NO`;

  const attrs = [
    ["objectClass", "top"],
    ["objectClass", "person"],
    ["objectClass", "organizationalPerson"],
    ["objectClass", "user"],
    ["cn", displayName],
    ["sn", sn],
    ["title", title],
    ...(index === 14
      ? [
          [
            "description",
            "Prosjektleder for innføringen av nytt sentralbord og mobilavtale i Oslo, Bergen og Trondheim (2025–2026)",
          ],
        ]
      : []),
    ["physicalDeliveryOfficeName", office ?? "Hovedkontor"],
    ["telephoneNumber", phone],
    ["givenName", givenName],
    ["distinguishedName", `CN=${displayName},${ou}`],
    ["displayName", displayName],
    ["department", department],
    ["company", "Eksempel AS"],
    ["streetAddress", place.street],
    ["postalCode", place.postalCode],
    ["l", place.city],
    ["c", swedish ? "SE" : "NO"],
    ["name", displayName],
    ["objectGUID", guidBytes(sam)],
    // sn === "Dæhli" left the company: the one disabled account. 66048 = normal + password never expires.
    ["userAccountControl", sn === "Dæhli" ? "514" : index % 7 === 6 ? "66048" : "512"],
    ["sAMAccountName", sam],
    ["userPrincipalName", `${sam}@eksempel.no`],
    ["mail", mail],
    ["mobile", mobile],
  ];
  return entry(`CN=${displayName},${ou}`, attrs, plainUtf8);
}

function entry(dn, attrs, plainUtf8 = false) {
  const lines = [line("dn", dn, { plainUtf8 }), "changetype: add"];
  for (const [name, value] of attrs) {
    if (value !== undefined) lines.push(line(name, value, { plainUtf8 }));
  }
  return lines.map(fold).join("\n");
}

function build() {
  const entries = [
    entry(STAFF, [
      ["objectClass", "top"],
      ["objectClass", "organizationalUnit"],
      ["ou", "Ansatte"],
      ["objectGUID", guidBytes("ou/Ansatte")],
    ]),
    ...Object.keys(OFFICES).map((office) =>
      entry(`OU=${office},${STAFF}`, [
        ["objectClass", "top"],
        ["objectClass", "organizationalUnit"],
        ["ou", office],
        ["objectGUID", guidBytes(`ou/${office}`)],
      ]),
    ),
    ...PEOPLE.map(userEntry),
    // A functional mailbox with only a display name: no givenName or sn.
    entry(`CN=Sentralbord,${STAFF}`, [
      ["objectClass", "top"],
      ["objectClass", "person"],
      ["objectClass", "organizationalPerson"],
      ["objectClass", "user"],
      ["cn", "Sentralbord"],
      ["displayName", "Sentralbord Eksempel AS"],
      ["telephoneNumber", "+47 22 00 00 00"],
      ["company", "Eksempel AS"],
      ["objectGUID", guidBytes("sentralbord")],
      ["userAccountControl", "512"],
      ["sAMAccountName", "sentralbord"],
      ["userPrincipalName", "sentralbord@eksempel.no"],
      ["mail", "post@eksempel.no"],
    ]),
    // Must be ignored: computers are objectClass user too.
    entry(`CN=OSL-PC-0042,OU=Oslo,${STAFF}`, [
      ["objectClass", "top"],
      ["objectClass", "person"],
      ["objectClass", "organizationalPerson"],
      ["objectClass", "user"],
      ["objectClass", "computer"],
      ["cn", "OSL-PC-0042"],
      ["objectGUID", guidBytes("computer/OSL-PC-0042")],
      ["userAccountControl", "4096"],
      ["sAMAccountName", "OSL-PC-0042$"],
      ["dNSHostName", "osl-pc-0042.eksempel.no"],
    ]),
    // Must be ignored: a group.
    entry(`CN=MBN Katalog,OU=Grupper,${ROOT}`, [
      ["objectClass", "top"],
      ["objectClass", "group"],
      ["cn", "MBN Katalog"],
      ["description", "Brukere som skal vises i bedriftskatalogen"],
      ["member", `CN=Kari Nordmann,${STAFF}`],
      ["member", `CN=Ola Nordmann,${STAFF}`],
      ["objectGUID", guidBytes("group/MBN Katalog")],
      ["sAMAccountName", "MBN Katalog"],
      ["groupType", "-2147483646"],
    ]),
  ];
  const header =
    "# Demo data for mbn-ad-sync: an ldifde-style export of the fictitious company Eksempel AS.\n" +
    "# Generated by scripts/generate-demo-ldif.mjs; do not edit by hand.\n";
  return `${header}\n${entries.join("\n\n")}\n\n`;
}

const out = process.argv[2] ?? fileURLToPath(new URL("../examples/demo/users.ldif", import.meta.url));
writeFileSync(out, build().replace(/\n/g, "\r\n"));
