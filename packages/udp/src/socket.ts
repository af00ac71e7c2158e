import { addressFamily, parseAddressInto } from "@dnsteer/net";
import { Batch } from "./batch.js";
import { type BatchSocketStats, loadNative, type NativeBatchUdp } from "./binding.js";
import { fromNativeError, UdpError } from "./errors.js";
import { B_LOCAL, B_PEER, C_TX_COUNT, W_FAMILY, W_IFINDEX, W_LENGTH, W_OFFSET, W_PORT } from "./layout.js";

export interface BatchSocketOptions {
  /** Bind address; default the wildcard of `family` ("0.0.0.0" / "::"), which answers for every local address. */
  address?: string;
  /** 0 picks a free port (read it back from `socket.port`). */
  port: number;
  /** Default: the family of `address`, else 4. An IPv6 socket is IPV6_V6ONLY. */
  family?: 4 | 6;
  /** Datagrams per recvmmsg and per onBatch call (1–1024, default 64). */
  batch?: number;
  /** Octets per ring slot, in and out (512–65536, default 4096): longer queries are dropped and counted. */
  bufferSize?: number;
  /** SO_REUSEPORT: several sockets (processes, threads) on one port, the kernel spreads queries over them. */
  reusePort?: boolean;
  /** recvmmsg calls per readiness before giving the loop back (default 8). */
  maxBatchesPerWakeup?: number;
  /** Answers held while the kernel says EAGAIN (default 4096); past it they are dropped and counted. */
  sendQueueLimit?: number;
  /** SO_RCVBUF in octets (the kernel doubles it and caps it at net.core.rmem_max); default: the system's. */
  receiveBufferSize?: number;
  /** SO_SNDBUF in octets (doubled, capped at net.core.wmem_max); default: the system's. */
  sendBufferSize?: number;
  /** Called once per batch; answer with batch.answer / batch.reply before returning. */
  onBatch(batch: Batch): void;
}

export interface BatchSocket {
  readonly port: number;
  readonly family: 4 | 6;
  readonly address: string;
  readonly batch: Batch;
  /** Sends one datagram outside onBatch (e.g. an answer that needed I/O first), from `localAddress` if given. */
  sendTo(data: Uint8Array, port: number, address: string, localAddress?: string): void;
  stats(): BatchSocketStats;
  /** Stops receiving, closes the socket, drops queued answers. Safe inside onBatch; idempotent. */
  close(): void;
  readonly closed: boolean;
}

function intOption(name: string, value: number | undefined, fallback: number, min: number, max: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < min || v > max)
    throw new UdpError("BAD_OPTION", `${name} must be an integer from ${min} to ${max}, got ${v}`);
  return v;
}

/** Opens a batched UDP socket with the addon; throws UdpError (ADDON_UNAVAILABLE when it cannot load). */
export function openBatchSocket(options: BatchSocketOptions): BatchSocket {
  const load = loadNative();
  if (!load.ok) throw new UdpError("ADDON_UNAVAILABLE", load.reason);
  return openWith(load.native, options);
}

export function openWith(native: NativeBatchUdp, options: BatchSocketOptions): BatchSocket {
  const given = options.address === undefined ? 0 : addressFamily(options.address);
  if (options.address !== undefined && given === 0)
    throw new UdpError("BAD_ADDRESS", `not an IP address: ${JSON.stringify(options.address)}`);
  if (options.family !== undefined && options.family !== 4 && options.family !== 6)
    throw new UdpError("BAD_OPTION", `family must be 4 or 6`);
  const family: 4 | 6 = options.family ?? (given === 6 ? 6 : 4);
  if (given !== 0 && given !== family) throw new UdpError("BAD_ADDRESS", `${options.address} is not an IPv${family} address`);
  const address = options.address ?? (family === 4 ? "0.0.0.0" : "::");
  const port = intOption("port", options.port, 0, 0, 65535);
  const batchSize = intOption("batch", options.batch, 64, 1, 1024);
  const bufferSize = intOption("bufferSize", options.bufferSize, 4096, 512, 65536);
  const maxBatches = intOption("maxBatchesPerWakeup", options.maxBatchesPerWakeup, 8, 1, 1 << 20);
  const queueLimit = intOption("sendQueueLimit", options.sendQueueLimit, 4096, 1, 1 << 20);
  const receiveBufferSize = intOption("receiveBufferSize", options.receiveBufferSize, 0, 0, 2 ** 31 - 1);
  const sendBufferSize = intOption("sendBufferSize", options.sendBufferSize, 0, 0, 2 ** 31 - 1);
  if (typeof options.onBatch !== "function") throw new UdpError("BAD_OPTION", "onBatch must be a function");
  const onBatch = options.onBatch;

  let batch: Batch | undefined;
  let inBatch = false;
  // The one closure of the socket: the addon calls it once per batch with the message count.
  const deliver = (count: number): void => {
    const b = batch!;
    b.count = count;
    inBatch = true;
    try {
      onBatch(b);
    } finally {
      inBatch = false;
    }
  };
  let opened: ReturnType<NativeBatchUdp["open"]>;
  try {
    opened = native.open(
      family,
      address,
      port,
      batchSize,
      bufferSize,
      options.reusePort === true,
      maxBatches,
      queueLimit,
      deliver,
      receiveBufferSize,
      sendBufferSize,
    );
  } catch (error) {
    throw fromNativeError(error, `bind ${family === 6 ? `[${address}]` : address}:${port}`);
  }
  batch = new Batch(opened.buffer, { ...opened, batch: batchSize, bufferSize });
  const handle = opened.handle;
  const words = new Uint32Array(opened.buffer);
  let closed = false;

  return {
    port: opened.port,
    family,
    address,
    batch,
    get closed() {
      return closed;
    },
    sendTo(data, toPort, toAddress, localAddress) {
      if (closed) throw new UdpError("CLOSED", "socket is closed");
      if (data.length > bufferSize) throw new UdpError("ANSWER_TOO_LARGE", `datagram of ${data.length} octets > bufferSize ${bufferSize}`);
      intOption("port", toPort, 0, 1, 65535);
      if (inBatch) throw new UdpError("IN_BATCH", "sendTo inside onBatch: use batch.answer / batch.reply");
      // tx entry 0 and the last tx slot: free outside onBatch (its answers are sent when it returns).
      const entry = opened.txMeta >> 2;
      const bytes = batch!.bytes;
      bytes.fill(0, opened.txMeta, opened.txMeta + 64);
      if (parseAddressInto(toAddress, bytes, opened.txMeta + B_PEER) !== family)
        throw new UdpError("BAD_ADDRESS", `not an IPv${family} address: ${toAddress}`);
      if (localAddress !== undefined && parseAddressInto(localAddress, bytes, opened.txMeta + B_LOCAL) !== family) {
        throw new UdpError("BAD_ADDRESS", `not an IPv${family} address: ${localAddress}`);
      }
      const dataAt = opened.txData + (batchSize - 1) * bufferSize;
      bytes.set(data, dataAt);
      words[entry + W_OFFSET] = dataAt;
      words[entry + W_LENGTH] = data.length;
      words[entry + W_PORT] = toPort;
      words[entry + W_FAMILY] = family;
      words[entry + W_IFINDEX] = 0;
      words[(opened.control >> 2) + C_TX_COUNT] = 1;
      native.flush(handle);
    },
    stats() {
      return native.stats(handle);
    },
    close() {
      if (closed) return;
      closed = true;
      native.close(handle);
    },
  };
}
