/**
 * An item not written because its contact changed in MBN since the plan was made (a 412 for a saved plan,
 * a key that is no longer ours): reported as "stale" with this message, never as a failure of the write.
 */
export class WriteSkipped extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: number,
  ) {
    super(message);
    this.name = "WriteSkipped";
  }
}
