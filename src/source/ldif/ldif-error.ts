import { DataError } from "../../model/errors.js";

/**
 * A line of an LDIF file that cannot be read. Carries the file and line so that callers (and
 * tests) need not parse the message, which reads `users.ldif line 17: <problem>. <how to fix>`.
 */
export class LdifSyntaxError extends DataError {
  readonly file: string;
  readonly line: number;
  constructor(file: string, line: number, problem: string, fix: string) {
    super(`${file} line ${line}: ${problem}. ${fix}`);
    this.file = file;
    this.line = line;
  }
}
