/** Fixed error codes of the net package; `code` is stable, `message` is for people. */
export type NetErrorCode =
  | "BAD_ADDRESS" // text that is not an IPv4 or IPv6 address, or bytes that are not 4 or 16 long
  | "BAD_PREFIX_LENGTH" // a prefix length that is not a decimal integer from 0 to 32 / 128
  | "HOST_BITS_SET"; // a prefix with address bits set past its length (192.0.2.1/24)

export class NetError extends Error {
  override readonly name = "NetError";
  constructor(
    readonly code: NetErrorCode,
    message: string,
  ) {
    super(message);
  }
}
