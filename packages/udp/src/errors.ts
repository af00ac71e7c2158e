/** Fixed error codes of the udp package; `code` is stable, `message` is for people. */
export type UdpErrorCode =
  | "ADDON_UNAVAILABLE" // the native addon is not built or cannot load here (not Linux, no build)
  | "BAD_OPTION" // an option out of range (port, batch, bufferSize, family)
  | "BAD_ADDRESS" // the bind address is not an address of the socket's family
  | "ADDRESS_IN_USE" // bind: EADDRINUSE (another socket holds the port, without SO_REUSEPORT on both)
  | "ADDRESS_NOT_AVAILABLE" // bind: EADDRNOTAVAIL (the address is not on this host)
  | "PERMISSION_DENIED" // bind: EACCES (a port below 1024 without the capability)
  | "SOCKET_FAILED" // any other socket(2)/setsockopt(2)/bind(2) failure; the errno name is in the message
  | "CLOSED" // the socket was closed
  | "IN_BATCH" // sendTo called inside onBatch (answers there go through the batch)
  | "NO_SUCH_MESSAGE" // answer(i) with i outside the current batch (or outside onBatch)
  | "TOO_MANY_ANSWERS" // more answers in one batch than the batch has slots
  | "ANSWER_TOO_LARGE"; // an answer longer than bufferSize

export class UdpError extends Error {
  override readonly name = "UdpError";
  constructor(
    readonly code: UdpErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const nativeCodes: Record<string, UdpErrorCode> = {
  EADDRINUSE: "ADDRESS_IN_USE",
  EADDRNOTAVAIL: "ADDRESS_NOT_AVAILABLE",
  EACCES: "PERMISSION_DENIED",
  EPERM: "PERMISSION_DENIED",
  BAD_ADDRESS: "BAD_ADDRESS",
  EINVAL: "BAD_OPTION",
};

/** The addon throws errors whose `code` is an errno name (or BAD_ADDRESS/EINVAL): one UdpError for each. */
export function fromNativeError(error: unknown, where: string): UdpError {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const mapped = typeof code === "string" ? nativeCodes[code] : undefined;
  return new UdpError(mapped ?? "SOCKET_FAILED", `${where}: ${typeof code === "string" ? `${code}: ` : ""}${message}`);
}
