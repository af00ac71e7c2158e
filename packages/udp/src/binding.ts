import { createRequire } from "node:module";

/** What native/batch_udp.c exports (see binding.gyp). */
export interface NativeBatchUdp {
  open(
    family: 4 | 6,
    address: string,
    port: number,
    batch: number,
    bufferSize: number,
    reusePort: boolean,
    maxBatches: number,
    queueLimit: number,
    onBatch: (count: number) => void,
    receiveBufferSize: number,
    sendBufferSize: number,
  ): NativeSocket;
  flush(handle: unknown): void;
  close(handle: unknown): void;
  stats(handle: unknown): BatchSocketStats;
}

export interface NativeSocket {
  handle: unknown;
  buffer: ArrayBuffer;
  port: number;
  rxMeta: number;
  txMeta: number;
  txData: number;
  control: number;
}

/** Counters kept by the addon, per socket. */
export interface BatchSocketStats {
  received: number;
  batches: number;
  sent: number;
  /** Answers that met EAGAIN and waited for the socket to become writable. */
  queued: number;
  queueLength: number;
  /** Answers dropped because the send queue was full. */
  dropped: number;
  sendErrors: number;
  /** Datagrams longer than bufferSize (dropped). */
  truncated: number;
  receiveErrors: number;
}

export type BatchUdpLoad = { ok: true; native: NativeBatchUdp } | { ok: false; reason: string };

let loaded: BatchUdpLoad | undefined;

/** Loads the addon once; `ok: false` says why (so the server can fall back to node:dgram and log it). */
export function loadNative(): BatchUdpLoad {
  if (loaded) return loaded;
  // An operator's (and the tests') switch: behave as if the addon could not load.
  if (process.env.DNSTEER_UDP_ADDON === "off") {
    loaded = { ok: false, reason: "DNSTEER_UDP_ADDON=off in the environment" };
    return loaded;
  }
  if (process.platform !== "linux") {
    loaded = { ok: false, reason: `recvmmsg/sendmmsg are Linux only (platform ${process.platform})` };
    return loaded;
  }
  try {
    const require = createRequire(import.meta.url);
    loaded = { ok: true, native: require("../build/Release/dnsteer_udp.node") as NativeBatchUdp };
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    loaded = { ok: false, reason: `the addon did not load (${message}); build it with pnpm install` };
  }
  return loaded;
}
