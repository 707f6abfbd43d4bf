import type { DirectorySource, SourceReadRequest, SourceReadResult, SourceUser } from "../types.js";
import { CHUNK_SIZE, openLdif } from "./byte-window.js";
import { underAnyBase } from "./dn.js";
import { finish, readLdif } from "./parse.js";
import { guidOf, isDisabled, isUserEntry, toSourceUser } from "./user-entry.js";

export interface LdifSourceOptions {
  /** Path of the LDIF file, as configured (used as given in messages). */
  file: string;
  disabledAccounts: "exclude" | "include";
  /** When non-empty, only entries at or below one of these DNs are read. */
  baseDns?: string[];
  /** Bytes read at a time (tests read with small chunks, so that records span them). */
  chunkSize?: number;
}

/** A directory source over an LDIF export (ldifde, ldapsearch -LLL, or written by hand). */
export function createLdifSource(options: LdifSourceOptions): DirectorySource {
  const { file, disabledAccounts, chunkSize = CHUNK_SIZE } = options;
  const baseDns = options.baseDns ?? [];
  return {
    description: `LDIF file ${file}`,
    read(request?: SourceReadRequest): Promise<SourceReadResult> {
      // The file is read synchronously, a chunk at a time; its errors reject the promise.
      return new Promise((resolve) => {
        resolve(readUsers(request));
      });
    },
  };

  function readUsers(request: SourceReadRequest | undefined): SourceReadResult {
    // Entries are read one at a time and only their user is kept (or handed to onUser and not kept
    // at all): holding every parsed entry until the end made garbage collection most of the work on a
    // large file.
    const entries = readLdif(openLdif(file, chunkSize), file);
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
  }
}
