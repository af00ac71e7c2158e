/**
 * Fixed error codes of the client; `code` is stable, `message` is for people. A message the
 * codec cannot read or write is the wire package's `WireError`, as in every other package.
 */
export type DnsClientErrorCode =
  | "BAD_SERVER" // the server is not an IP address (names are resolved by the caller)
  | "TIMEOUT" // no matching answer within timeoutMs
  | "NETWORK" // the socket failed (refused, unreachable, reset)
  | "BAD_RESPONSE"; // over TCP, an answer that does not match the question or does not decode

export class DnsClientError extends Error {
  override readonly name = "DnsClientError";
  constructor(
    readonly code: DnsClientErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
