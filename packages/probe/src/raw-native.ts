import { getSystemErrorName } from "node:util";
import { ProbeError } from "./errors.js";
import { META_BYTES, META_FROM, type NativeRawProbe, SLOT_BYTES, SLOTS } from "./native.js";
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
  let socket: { handle: unknown; buffer: ArrayBuffer };
  const bytes = { buffer: Buffer.alloc(0), words: new Uint32Array(0) };
  try {
    socket = native.open(
      family,
      family === 6 && protocol === "ICMP" ? PROTOCOL.ICMPV6 : PROTOCOL[protocol],
      device ?? "",
      receiveBufferBytes,
      (count) => deliver(count),
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
  bytes.buffer = Buffer.from(socket.buffer);
  bytes.words = new Uint32Array(socket.buffer, SLOTS * SLOT_BYTES);
  const handle = socket.handle;
  const wordsPerMeta = META_BYTES / 4;
  function deliver(count: number): void {
    const { buffer, words } = bytes;
    for (let i = 0; i < count; i++) {
      const w = i * wordsPerMeta;
      const length = words[w]!;
      const rxUs = words[w + 1]! * 1e6 + words[w + 2]! / 1e3;
      // IPv4 datagrams hold their IP header (the parsers read the sender there): no string for them.
      const metaAt = SLOTS * SLOT_BYTES + i * META_BYTES + META_FROM;
      const from = family === 6 ? buffer.toString("latin1", metaAt, metaAt + words[w + 3]!) : "";
      onPacket(buffer.subarray(i * SLOT_BYTES, i * SLOT_BYTES + length), rxUs, from);
    }
  }
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
