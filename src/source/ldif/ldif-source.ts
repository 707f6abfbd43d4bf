import { isUtf8 } from "node:buffer";
import { readFile } from "node:fs/promises";
import { DataError } from "../../model/errors.js";
import type { DirectorySource, SourceReadRequest, SourceReadResult, SourceUser } from "../types.js";
import { underAnyBase } from "./dn.js";
import { finish, readLdif } from "./parse.js";
import { guidOf, isDisabled, isUserEntry, toSourceUser } from "./user-entry.js";

export interface LdifSourceOptions {
  /** Path of the LDIF file, as configured (used as given in messages). */
  file: string;
  disabledAccounts: "exclude" | "include";
  /** When non-empty, only entries at or below one of these DNs are read. */
  baseDns?: string[];
}

/** A directory source over an LDIF export (ldifde, ldapsearch -LLL, or written by hand). */
export function createLdifSource(options: LdifSourceOptions): DirectorySource {
  const { file, disabledAccounts } = options;
  const baseDns = options.baseDns ?? [];
  return {
    description: `LDIF file ${file}`,
    async read(request?: SourceReadRequest): Promise<SourceReadResult> {
      // Entries are read one at a time and only their user is kept (or handed to onUser and not kept
      // at all): holding every parsed entry until the end made garbage collection most of the work on a
      // large file.
      const entries = readLdif(await readBytes(file), file);
      const inBase = underAnyBase(baseDns);
      const users: SourceUser[] = [];
      const onUser =
        request?.onUser ??
        ((user: SourceUser) => {
          users.push(user);
        });
      let disabled = 0;
      for (const entry of entries) {
        let user: SourceUser;
        try {
          if (!isUserEntry(entry)) continue;
          if (!inBase(entry.dn)) continue;
          if (disabledAccounts === "exclude" && isDisabled(entry, file)) {
            disabled++;
            continue;
          }
          user = toSourceUser(entry, guidOf(entry, file));
        } catch (error) {
          // A syntax error anywhere in the file is reported before a bad value, as it always was.
          finish(entries);
          throw error;
        }
        // Outside the try: an error of the caller's is its own, not to be hidden by a syntax error below.
        onUser(user);
      }
      return { users, excluded: { disabled } };
    },
  };
}

/** The file as UTF-8 bytes, without a byte-order mark. */
async function readBytes(file: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem =
      code === "ENOENT"
        ? "does not exist"
        : code === "EISDIR"
          ? "is a directory"
          : `cannot be read (${code ?? String(error)})`;
    throw new DataError(`LDIF file ${file} ${problem}. Check source.file in the configuration.`, {
      cause: error,
    });
  }
  // `ldifde -u` writes UTF-16 little-endian with a byte-order mark.
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return Buffer.from(bytes.subarray(2).toString("utf16le"), "utf8");
  if (!isUtf8(bytes)) {
    const lossy = bytes.toString("utf8");
    const line = lossy.slice(0, lossy.indexOf("\uFFFD")).split("\n").length;
    throw new DataError(
      `${file} line ${line}: the file is not UTF-8 text. ` +
        "Save it as UTF-8, or export it again with ldifde (which base64-encodes non-ASCII values).",
    );
  }
  // As a UTF-8 decoder does, one byte-order mark is dropped here (the parser drops another, as it always has).
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}
