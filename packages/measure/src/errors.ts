/** Fixed error codes of the measure package; `code` is stable, `message` is for people. */
export type MeasureErrorCode =
  | "BAD_CONFIG" // the worker config does not validate
  | "BAD_PREFIX"; // an address or CIDR prefix that does not parse

export class MeasureError extends Error {
  override readonly name = "MeasureError";
  constructor(
    readonly code: MeasureErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
