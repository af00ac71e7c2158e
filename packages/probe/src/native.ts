import { createRequire } from "node:module";

/**
 * What native/raw_probe.c exports (binding.gyp builds it at install). Probe sockets (raw, and the
 * DNS probe's UDP) whose replies carry the kernel's receive time (SO_TIMESTAMPNS, read with
 * recvmmsg) and whose sends are stamped in C right before sendto(); both on CLOCK_REALTIME, in
 * microseconds since the epoch.
 */
export interface NativeRawProbe {
  /** Throws an Error whose `code` is the errno name and whose message names the step (e.g. "SO_BINDTODEVICE: No such device"). */
  open(family: 4 | 6, protocol: 1 | 6 | 58, device: string, receiveBufferBytes: number, onPackets: (count: number) => void): NativeSocket;
  /**
   * A UDP socket bound to (source, port 0), bound to `device` too when one is given and the kernel
   * permits it (`deviceBound`; EPERM leaves it to the source route). Throws as `open`
   * ("bind: Cannot assign requested address" for a source that is not local).
   */
  openUdp(
    family: 4 | 6,
    source: string,
    device: string,
    receiveBufferBytes: number,
    onPackets: (count: number) => void,
  ): NativeSocket & { port: number; deviceBound: boolean };
  /**
   * The send time (µs since the epoch, taken right before sendto()), or -errno when sendto() failed.
   * `packet` holds the IP header on a raw socket, the payload on UDP; `port` is UDP's (raw: omitted).
   */
  send(handle: unknown, packet: Uint8Array, address: string, port?: number): number;
  close(handle: unknown): void;
  stats(handle: unknown): RawProbeStats;
}

export interface NativeSocket {
  handle: unknown;
  /** SLOTS data slots of SLOT_BYTES, then SLOTS metadata entries of META_BYTES (layout below). */
  buffer: ArrayBuffer;
}

/** Counters kept by the addon, per socket. `kernelStamped` of `received` carried the kernel's time. */
export interface RawProbeStats {
  received: number;
  kernelStamped: number;
  truncated: number;
  receiveErrors: number;
  sent: number;
  sendErrors: number;
}

// Mirrors native/raw_probe.c: entry word 0 length, 1 seconds, 2 nanoseconds, 3 sender text length,
// 4 stamped by the kernel (1) or at read time (0), 5 the sender's port (UDP); its text from byte 24.
export const SLOTS = 64;
export const SLOT_BYTES = 2048;
export const META_BYTES = 80;
export const META_FROM = 24;
const WORDS_PER_META = META_BYTES / 4;

/** One datagram as the addon delivers it: `buf` is reused after the call, read it synchronously. */
export type OnDatagram = (buf: Buffer, rxUs: number, from: string, fromPort: number) => void;

/**
 * The JS half of the addon's receive path, shared by every socket kind: reads the `count` datagrams
 * the addon just put into the socket's buffer. `withFrom` false skips the sender's text (raw IPv4
 * datagrams carry their IP header, where the parsers read the sender).
 */
export function datagramReader(socket: NativeSocket, withFrom: boolean, onDatagram: OnDatagram): (count: number) => void {
  const buffer = Buffer.from(socket.buffer);
  const words = new Uint32Array(socket.buffer, SLOTS * SLOT_BYTES);
  return (count) => {
    for (let i = 0; i < count; i++) {
      const w = i * WORDS_PER_META;
      const length = words[w]!;
      const rxUs = words[w + 1]! * 1e6 + words[w + 2]! / 1e3;
      const metaAt = SLOTS * SLOT_BYTES + i * META_BYTES + META_FROM;
      const from = withFrom ? buffer.toString("latin1", metaAt, metaAt + words[w + 3]!) : "";
      onDatagram(buffer.subarray(i * SLOT_BYTES, i * SLOT_BYTES + length), rxUs, from, words[w + 5]!);
    }
  };
}

export type RawProbeLoad = { ok: true; native: NativeRawProbe } | { ok: false; reason: string };

let loaded: RawProbeLoad | undefined;

/**
 * Loads the addon once; `ok: false` says why (not Linux, not built, DNSTEER_PROBE_ADDON=off), and the
 * probers then use raw-socket with user-space timestamps (raw-icmp.ts logs the reason once).
 */
export function loadRawProbe(): RawProbeLoad {
  if (loaded) return loaded;
  // An operator's (and the tests') switch: behave as if the addon could not load.
  if (process.env.DNSTEER_PROBE_ADDON === "off") {
    loaded = { ok: false, reason: "DNSTEER_PROBE_ADDON=off in the environment" };
  } else if (process.platform !== "linux") {
    loaded = { ok: false, reason: `SO_TIMESTAMPNS and raw IPPROTO_TCP sockets are used on Linux only (platform ${process.platform})` };
  } else {
    try {
      const require = createRequire(import.meta.url);
      loaded = { ok: true, native: require("../build/Release/dnsteer_raw_probe.node") as NativeRawProbe };
    } catch (error) {
      const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
      loaded = { ok: false, reason: `the addon did not load (${message}); build it with pnpm install` };
    }
  }
  return loaded;
}

/** Whether the probers' raw sockets read kernel timestamps here, or why not. */
export function probeTimestamps(): { kernel: true } | { kernel: false; reason: string } {
  const load = loadRawProbe();
  return load.ok ? { kernel: true } : { kernel: false, reason: load.reason };
}
