/**
 * A problem with one user's data that the mapping expects and reports by skipping that user (a
 * custom transform that throws or returns something other than text). Anything else thrown while
 * mapping is a bug in the tool and ends the run as an internal error, instead of passing for a
 * skip of every user.
 */
export class UserDataError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "UserDataError";
  }
}
