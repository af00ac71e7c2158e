import { getSystemErrorName } from "node:util";
import { ProbeError } from "./errors.js";
import { datagramReader, type NativeRawProbe, type NativeSocket } from "./native.js";
import type { OnPacket, RawIcmp } from "./raw-socket-types.js";

/** IPPROTO_ICMP, IPPROTO_TCP, IPPROTO_ICMPV6. */
const PROTOCOL = { ICMP: 1, TCP: 6, ICMPV6: 58 } as const;

/**
 * The addon's raw socket (native/raw_probe.c) behind the same RawIcmp as raw-socket's: each reply
 * comes with the kernel's receive time and each send with the time taken in C right before
 * sendto(), both CLOCK_REALTIME in µs, so the RTT no longer holds the time the JS thread took to
 * get to the socket. A wall-clock step between a send and its reply would skew that one RTT.
 */
export function openNativeRaw(
  native: NativeRawProbe,
  device: string | null,
  receiveBufferBytes: number,
  onPacket: OnPacket,
  protocol: "ICMP" | "TCP",
  family: 4 | 6,
): RawIcmp {
  let socket: NativeSocket;
  let read = (_count: number): void => {};
  try {
    socket = native.open(
      family,
      family === 6 && protocol === "ICMP" ? PROTOCOL.ICMPV6 : PROTOCOL[protocol],
      device ?? "",
      receiveBufferBytes,
      (count) => read(count),
    );
  } catch (err) {
    const text = String((err as Error).message ?? err);
    if (device !== null && text.startsWith("SO_BINDTODEVICE")) {
      throw new ProbeError(
        "BAD_DEVICE",
        `cannot bind a raw ${protocol} socket to device ${device} (does it exist in this namespace?): ${text}`,
        {
          cause: err,
        },
      );
    }
    throw new ProbeError("RAW_SOCKET_FAILED", `cannot open a raw IPv${family} ${protocol} socket: ${text}`, { cause: err });
  }
  // IPv4 datagrams hold their IP header (the parsers read the sender there): no string for them.
  read = datagramReader(socket, family === 6, onPacket);
  const handle = socket.handle;
  return {
    kernelTimestamps: true,
    send(packet, address, sent) {
      const t = native.send(handle, packet, address);
      if (t < 0) {
        const err = new Error(`sendto: ${getSystemErrorName(t)}`) as NodeJS.ErrnoException;
        err.code = getSystemErrorName(t);
        sent(err, 0);
      } else sent(null, t);
    },
    close() {
      native.close(handle);
    },
    stats() {
      const s = native.stats(handle);
      return { received: s.received, kernelStamped: s.kernelStamped };
    },
  };
}
