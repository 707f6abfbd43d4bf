/** Small text helpers shared by the transforms and the contract check. */

/**
 * Cuts `value` to at most `limit` UTF-16 units without splitting a surrogate pair, so the result
 * fits whether the server counts code units or code points; trailing spaces left by the cut go.
 */
export function cut(value: string, limit: number): string {
  if (value.length <= limit) return value;
  let end = limit;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return value.slice(0, end).trimEnd();
}

const SPACES = /\s+/g;

/** What `\s` matches besides " ": control white space, NBSP, the Unicode spaces, line separators, BOM. */
function isOtherSpace(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * Every run of white space (`\s+`) becomes one space. Runs per user in templates, and most values
 * have nothing to collapse: a scan finds that several times faster than the regex replace does.
 */
export function collapseSpaces(value: string): string {
  let afterSpace = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x20) {
      if (afterSpace) return value.replace(SPACES, " ");
      afterSpace = true;
    } else if (isOtherSpace(c)) {
      return value.replace(SPACES, " ");
    } else {
      afterSpace = false;
    }
  }
  return value;
}

/** Quotes a value for a message, shortened so a 10 kB attribute does not flood the report. */
export function quote(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}
