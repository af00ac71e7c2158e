/** Fixed error codes of the probe package; `code` is stable, `message` is for people. */
export type ProbeErrorCode =
  | "BAD_ADDRESS" // target or source is not an IP address
  | "NO_SOURCE" // the provider has no source address for the target's family
  | "SOURCE_NOT_LOCAL" // the source is not configured on any interface here: refused before sending
  | "FAMILY_UNSUPPORTED" // e.g. ICMPv6 where a raw ICMPv6 socket with IPV6_HDRINCL cannot be opened (see README)
  | "RAW_SOCKET_FAILED" // could not open the raw socket (needs root or CAP_NET_RAW)
  | "BAD_DEVICE" // the provider's device is not an interface name, or binding to it failed
  | "CLOSED"; // the prober was closed

export class ProbeError extends Error {
  override readonly name = "ProbeError";
  constructor(
    readonly code: ProbeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
