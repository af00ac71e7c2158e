/** Fixed error codes of the xfr package; `code` is stable, `message` is for people. */
export type XfrErrorCode =
  | "BAD_CONFIG" //      a transfer/notify setting that cannot be used (bad prefix, unknown key, bad target)
  | "JOURNAL_CORRUPT"; // a journal file that does not read back (the history is dropped, AXFR serves)

export class XfrError extends Error {
  override readonly name = "XfrError";
  constructor(
    readonly code: XfrErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
