/** The value of each base64 character's byte; -1 for bytes that are not in the alphabet. */
const DIGITS = new Int8Array(256).fill(-1);
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
for (let i = 0; i < ALPHABET.length; i++) DIGITS[ALPHABET.charCodeAt(i)] = i;
const PAD = 0x3d;

/**
 * Decodes the base64 text in bytes[start, end): groups of four characters, the last one possibly padded
 * with "=" or "==" (RFC 4648, as `attr::` values are written); null when it is anything else. Read from
 * the file's bytes: Buffer.from(text, "base64") would need a string of every value first, and accepts
 * anything (it skips what is not base64), so it needed a pattern test besides. Every entry of an AD
 * export has one (objectGUID::), and this was a tenth of the time spent reading it.
 */
export function decodeBase64(bytes: Uint8Array, start: number, end: number): Buffer | null {
  const length = end - start;
  if (length % 4 !== 0) return null;
  let padding = 0;
  if (length > 0 && bytes[end - 1] === PAD) padding = bytes[end - 2] === PAD ? 2 : 1;
  const out = Buffer.allocUnsafe((length / 4) * 3 - padding);
  let o = 0;
  for (let i = start; i < end; i += 4) {
    const last = i + 4 === end;
    const a = DIGITS[bytes[i] as number] as number;
    const b = DIGITS[bytes[i + 1] as number] as number;
    const c = last && padding === 2 ? 0 : (DIGITS[bytes[i + 2] as number] as number);
    const d = last && padding > 0 ? 0 : (DIGITS[bytes[i + 3] as number] as number);
    if ((a | b | c | d) < 0) return null;
    const triple = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = triple >> 16;
    if (o < out.length) out[o++] = (triple >> 8) & 0xff;
    if (o < out.length) out[o++] = triple & 0xff;
  }
  return out;
}
