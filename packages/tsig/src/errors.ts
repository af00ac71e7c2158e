/** Fixed error codes of the tsig package; `code` is stable, `message` is for people. */
export type TsigErrorCode =
  | "BAD_KEY_CONFIG" // a configured key with an unknown algorithm or an empty/invalid secret
  | "MALFORMED"; //     a TSIG record that does not parse, or that is not the message's last record

export class TsigError extends Error {
  override readonly name = "TsigError";
  constructor(
    readonly code: TsigErrorCode,
    message: string,
  ) {
    super(message);
  }
}
