import type { SyncState } from "./mirror-file.js";

/** The text is handed to the file in pieces of about this many characters. */
const PIECE = 65_536;

/**
 * `JSON.stringify(state)` in pieces: the contacts one at a time, so the text of a large mirror (about
 * 50 MB for 100,000 contacts, and twice that in memory once one name has a non-ASCII letter) is never
 * one string beside its encoded copy at the end of a run, when everything else is still alive.
 */
export function* stateText(state: SyncState): Generator<string> {
  let text = "{";
  let first = true;
  for (const [key, value] of Object.entries(state)) {
    if (value === undefined) continue; // as JSON.stringify leaves it out
    text += `${first ? "" : ","}${JSON.stringify(key)}:`;
    first = false;
    if (key !== "contacts") {
      text += JSON.stringify(value);
      continue;
    }
    text += "[";
    const { contacts } = state;
    for (let i = 0; i < contacts.length; i++) {
      text += (i > 0 ? "," : "") + JSON.stringify(contacts[i]);
      if (text.length >= PIECE) {
        yield text;
        text = "";
      }
    }
    text += "]";
  }
  yield `${text}}`;
}
