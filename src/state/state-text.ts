/** The text is handed to the file in pieces of about this many characters. */
const PIECE = 65_536;

/**
 * `JSON.stringify(value)` in pieces, the items of its member `list` a few at a time: the mirror of
 * 100,000 contacts is about 50 MB of text (and twice that in memory once one name has a non-ASCII
 * letter), which is then never one string beside its encoded copy at the end of a run, when everything
 * else is still alive.
 */
export function* jsonText(value: object, list: string): Generator<string> {
  let text = "{";
  let first = true;
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined) continue; // as JSON.stringify leaves it out
    text += `${first ? "" : ","}${JSON.stringify(key)}:`;
    first = false;
    if (key !== list || !Array.isArray(member)) {
      text += JSON.stringify(member);
      continue;
    }
    text += "[";
    const items = member as unknown[];
    for (let i = 0; i < items.length; i++) {
      // undefined for what JSON cannot hold (undefined, a function): written as null, as in an array.
      const item = JSON.stringify(items[i]) as string | undefined;
      text += (i > 0 ? "," : "") + (item ?? "null");
      if (text.length >= PIECE) {
        yield text;
        text = "";
      }
    }
    text += "]";
  }
  yield `${text}}`;
}

/**
 * The same JSON with every character outside ASCII written as a \uXXXX escape, which JSON.parse reads
 * back as the same text. A file of ASCII only is read back as a one-byte string: the mirror of 100,000
 * contacts with one Norwegian letter anywhere was a 100 MB two-byte string on every load, and 50 MB this
 * way, decoded faster. A lone surrogate (which UTF-8 cannot hold) also comes back as it was.
 */
export function* asciiOnly(pieces: Iterable<string>): Generator<string> {
  for (const piece of pieces) yield piece.replace(NOT_ASCII, escape);
}

const NOT_ASCII = /[\u0080-\uffff]/g;
const escape = (unit: string): string => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`;
