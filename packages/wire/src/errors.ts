/** Fixed error codes of the wire package; `code` is stable, `message` is for people. */
export type WireErrorCode =
  | "BAD_NAME" // a presentation-format name that is not a valid domain name
  | "BAD_RDATA" // rdata text or bytes that do not fit the type
  | "TRUNCATED" // read past the end of a message
  | "BAD_POINTER" // compression pointer loop, forward jump, or too many hops
  | "BAD_LABEL" // reserved label type (0x40/0x80) or label too long
  | "NAME_TOO_LONG" // more than 255 octets
  | "NO_SPACE"; // writer ran out of room

export class WireError extends Error {
  override readonly name = "WireError";
  constructor(
    readonly code: WireErrorCode,
    message: string,
  ) {
    super(message);
  }
}
