/// <reference path="./raw-socket.d.ts" />

import { getSystemErrorMap } from "node:util";
import raw, { type Socket } from "raw-socket";
import { ProbeError } from "./errors.js";
import { loadRawProbe } from "./native.js";
import { openNativeRaw } from "./raw-native.js";
import type { OnPacket, RawIcmp } from "./raw-socket-types.js";

export type { OnPacket, RawIcmp };

/** strerror() text -> errno name: raw-socket reports a failed sendto() by its text only. */
const ERRNO_BY_TEXT = new Map([...getSystemErrorMap().values()].map(([name, text]) => [text.toLowerCase(), name]));

/** The errno name of a raw-socket send error ("Network is unreachable" -> "ENETUNREACH"), or "EIO" when unknown. */
export function sendErrorCode(err: Error): string {
  return (err as NodeJS.ErrnoException).code ?? ERRNO_BY_TEXT.get(err.message.toLowerCase()) ?? "EIO";
}

/**
 * One raw socket (ICMP or TCP, IPv4 or IPv6; `protocol` "ICMP" with family 6 is ICMPv6) as the probers use it: the addon's (kernel receive
 * timestamps, raw-native.ts) or raw-socket's (user-space stamps; every raw-socket quirk stays in here).
 * Times are µs on the socket's own clock: a reply's `rxUs` minus its probe's `sentUs` is the RTT.
 */
/** The probers' receiveStats: summed over their sockets. */
export function sumStats(sockets: Iterable<RawIcmp>): { received: number; kernelStamped: number } {
  const sum = { received: 0, kernelStamped: 0 };
  for (const s of sockets) {
    const one = s.stats();
    sum.received += one.received;
    sum.kernelStamped += one.kernelStamped;
  }
  return sum;
}

let fallbackLogged = false;

/** The fallback's clock: monotonic, µs. */
function userNowUs(): number {
  return performance.now() * 1000;
}

/** Linux interface names: 1..15 bytes (IFNAMSIZ - 1), no '/', no whitespace. */
const DEVICE_NAME = /^[^\s/]{1,15}$/;
/** Datagrams read per readable event, at most: bounded so one busy socket cannot starve the loop. */
const DRAIN_MAX = 64;
/**
 * Linux's IPV6_HDRINCL (include/uapi/linux/in6.h, since 4.5): the sender writes the IPv6 header,
 * source included. raw-socket exports the constant on Windows only; the option itself works.
 */
const IPV6_HDRINCL = 36;

/**
 * Opens a raw IPv4 socket (ICMP unless `protocol` says TCP) with IP_HDRINCL (we write the IPv4
 * header, so the source is ours), or with `family` 6 a raw IPv6 TCP socket with IPV6_HDRINCL (the
 * same for IPv6: without it the kernel picks the source among the link's addresses, and a SYN whose
 * checksum was computed for another source is dropped by the target), and,
 * when `device` is given, SO_BINDTODEVICE: sends are routed by the kernel as leaving that device
 * (so `ip rule oif <device>` applies) and only packets arriving on it are received. `protocol` TCP
 * is the SYN prober's: Linux hands a raw IPPROTO_TCP socket a copy of every TCP segment received.
 * `onPacket` gets each datagram (the buffer is reused: parse it synchronously) with its receive time
 * (the kernel's with the addon, else when it is read), and the sender's address: IPv4 datagrams
 * include their IP header, IPv6 ones do not (the kernel strips it; the sender is only in `from`).
 * The addon (native/raw_probe.c) is used when it loads; else raw-socket, and the reason is logged once.
 */
export function openRawIcmp(
  device: string | null,
  receiveBufferBytes: number,
  onPacket: OnPacket,
  onError: (err: Error) => void,
  protocol: "ICMP" | "TCP" = "ICMP",
  family: 4 | 6 = 4,
): RawIcmp {
  if (device !== null && !DEVICE_NAME.test(device)) {
    throw new ProbeError("BAD_DEVICE", `not an interface name: ${JSON.stringify(device)}`);
  }
  const load = loadRawProbe();
  if (load.ok) return openNativeRaw(load.native, device, receiveBufferBytes, onPacket, protocol, family);
  if (!fallbackLogged) {
    fallbackLogged = true;
    process.emitWarning(`raw probes use raw-socket with user-space timestamps (RTTs include event-loop delay): ${load.reason}`, {
      code: "DNSTEER_PROBE_NO_KERNEL_TIMESTAMPS",
    });
  }
  return openRawSocket(device, receiveBufferBytes, onPacket, onError, protocol, family);
}

/** raw-socket's path (the fallback when the addon cannot load). */
function openRawSocket(
  device: string | null,
  receiveBufferBytes: number,
  onPacket: OnPacket,
  onError: (err: Error) => void,
  protocol: "ICMP" | "TCP",
  family: 4 | 6,
): RawIcmp {
  let socket: Socket;
  try {
    socket = raw.createSocket({
      protocol: family === 6 && protocol === "ICMP" ? raw.Protocol.ICMPv6 : raw.Protocol[protocol],
      bufferSize: 2048,
      addressFamily: family === 6 ? raw.AddressFamily.IPv6 : raw.AddressFamily.IPv4,
    });
  } catch (err) {
    throw new ProbeError("RAW_SOCKET_FAILED", `cannot open a raw ${protocol} socket (root or CAP_NET_RAW needed): ${String(err)}`, {
      cause: err,
    });
  }
  try {
    if (family === 6) socket.setOption(raw.SocketLevel.IPPROTO_IPV6, IPV6_HDRINCL, 1);
    else socket.setOption(raw.SocketLevel.IPPROTO_IP, raw.SocketOption.IP_HDRINCL, 1);
  } catch (err) {
    socket.close();
    throw new ProbeError(
      "RAW_SOCKET_FAILED",
      `cannot write our own IPv${family} header on a raw ${protocol} socket (IPv6 needs Linux 4.5+): ${String(err)}`,
      { cause: err },
    );
  }
  try {
    socket.setOption(raw.SocketLevel.SOL_SOCKET, raw.SocketOption.SO_RCVBUF, receiveBufferBytes);
    if (device !== null) {
      const name = Buffer.from(`${device}\0`, "latin1");
      socket.setOption(raw.SocketLevel.SOL_SOCKET, raw.SocketOption.SO_BINDTODEVICE, name, name.length);
    }
  } catch (err) {
    socket.close();
    throw device !== null
      ? new ProbeError(
          "BAD_DEVICE",
          `cannot bind a raw ${protocol} socket to device ${device} (does it exist in this namespace?): ${String(err)}`,
          { cause: err },
        )
      : new ProbeError("RAW_SOCKET_FAILED", `cannot set up a raw ${protocol} socket: ${String(err)}`, { cause: err });
  }
  // raw-socket reads one datagram per readable event, so a reply queued behind others waits one
  // event-loop turn per datagram ahead of it, and that wait ends up in its RTT. Drain the queue
  // right away instead (recv throws EAGAIN when it is empty; a real error resurfaces on the next event).
  let received = 0;
  const drained = (_b: Buffer, bytes: number, from: string) => {
    received++;
    onPacket(socket.buffer.subarray(0, bytes), userNowUs(), from);
  };
  socket.on("message", (buf, from) => {
    received++;
    onPacket(buf, userNowUs(), from);
    for (let i = 1; i < DRAIN_MAX; i++) {
      try {
        socket.wrap.recv(socket.buffer, drained);
      } catch {
        break;
      }
    }
  });
  socket.on("error", onError);
  // ICMP is stamped right before sendto(); TCP when sendto() returns (on veths sendto() runs the
  // packet's forwarding before it returns: README). raw-socket queues sends until writable.
  return {
    kernelTimestamps: false,
    send(packet, address, sent) {
      let before = 0;
      socket.send(
        packet,
        0,
        packet.length,
        address,
        () => {
          before = userNowUs();
        },
        (err) => (err ? sent(err, 0) : sent(null, protocol === "ICMP" ? before : userNowUs())),
      );
    },
    close() {
      socket.close();
    },
    stats() {
      return { received, kernelStamped: 0 };
    },
  };
}
