/**
 * objectGUID is 16 bytes whose first three fields are little-endian: bytes
 * d1f42a678d9e62458d3e1d76bc47041d are GUID 672af4d1-9e8d-4562-8d3e-1d76bc47041d.
 */
export function guidFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== 16) {
    throw new RangeError(`objectGUID must be 16 bytes, got ${bytes.length}`);
  }
  const hex = Buffer.from(bytes).toString("hex");
  const swap = (s: string): string => (s.match(/../g) ?? []).reverse().join("");
  return [
    swap(hex.slice(0, 8)),
    swap(hex.slice(8, 12)),
    swap(hex.slice(12, 16)),
    hex.slice(16, 20),
    hex.slice(20, 32),
  ].join("-");
}

const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The canonical lowercase form of a GUID string, or null when it is not one. */
export function canonicalGuid(text: string): string | null {
  const lower = text
    .trim()
    .toLowerCase()
    .replace(/^\{|\}$/g, "");
  return GUID_PATTERN.test(lower) ? lower : null;
}

/** The bytes of a canonical GUID in AD's binary layout (the inverse of guidFromBytes). */
export function guidToBytes(guid: string): Buffer {
  const canonical = canonicalGuid(guid);
  if (!canonical) throw new RangeError(`not a GUID: ${guid}`);
  const [a = "", b = "", c = "", d = "", e = ""] = canonical.split("-");
  const swap = (s: string): string => (s.match(/../g) ?? []).reverse().join("");
  return Buffer.from(swap(a) + swap(b) + swap(c) + d + e, "hex");
}
