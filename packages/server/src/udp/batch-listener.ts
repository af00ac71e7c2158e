import type { Batch, BatchSocket, BatchSocketStats, BatchUdp } from "@dnsteer/udp";
import type { Responder } from "../core/responder.js";
import type { FastLane } from "../fast-lane/fast-lane.js";
import type { UdpListener, UdpListenerStats } from "./listener.js";
import { RingPeer } from "./peer.js";

/** Octets per ring slot: the largest EDNS answer we offer (config udpPayloadSize ≤ 4096) fits. */
const SLOT_BYTES = 4096;
/** Datagrams per recvmmsg / sendmmsg. */
const BATCH = 64;

/**
 * Answers one batch at a time from the addon's ring: each query is read where recvmmsg put it,
 * each answer written into its tx slot, and all of them leave with one sendmmsg when onBatch
 * returns, each from the local address its query arrived on (IP_PKTINFO), so a wildcard socket
 * answers for every served address. One object per socket, made at start: the loop creates no
 * closure per packet. The fast lane (fast-lane/) answers what it can in place, allocating
 * nothing; the rest gets a Buffer view of the query and the full responder.
 */
class BatchAnswerer {
  private readonly ringPeer = new RingPeer();
  answered = 0;
  /** Of `answered`, by the fast lane. */
  fastLaneAnswered = 0;
  /** Answers longer than a slot (cannot happen with udpPayloadSize ≤ 4096): dropped, counted. */
  oversize = 0;

  constructor(
    private readonly respond: Responder,
    private readonly fastLane: FastLane | undefined,
  ) {}

  answerBatch(batch: Batch): void {
    const bytes = batch.bytes;
    const arrayBuffer = bytes.buffer;
    const respond = this.respond;
    const ringPeer = this.ringPeer;
    const fastLane = this.fastLane;
    for (let i = 0; i < batch.count; i++) {
      if (fastLane) {
        const offset = batch.offset(i);
        const at = batch.answerOffset(i);
        const n = fastLane.answer(
          bytes,
          offset,
          batch.length(i),
          batch.family(i),
          bytes,
          batch.sourceAddressOffset(i),
          bytes,
          at,
          SLOT_BYTES,
        );
        if (n > 0) {
          batch.answer(i, n);
          this.answered++;
          this.fastLaneAnswered++;
          continue;
        }
      }
      const msg = Buffer.from(arrayBuffer, batch.offset(i), batch.length(i));
      const peer = ringPeer.fill(bytes, batch.sourceAddressOffset(i), batch.family(i), batch.sourcePort(i));
      const reply = respond(msg, "udp", peer);
      if (reply === null) continue;
      if (reply.length > SLOT_BYTES) {
        this.oversize++;
        continue;
      }
      bytes.set(reply, batch.answerOffset(i));
      batch.answer(i, reply.length);
      this.answered++;
    }
  }
}

class BatchListener implements UdpListener {
  readonly kind = "batch";
  constructor(
    private readonly socket: BatchSocket,
    private readonly answerer: BatchAnswerer,
  ) {}
  get address(): string {
    return this.socket.address;
  }
  get port(): number {
    return this.socket.port;
  }
  stats(): UdpListenerStats {
    const s: BatchSocketStats = this.socket.stats();
    return {
      received: s.received,
      answered: this.answerer.answered,
      dropped: s.dropped + s.truncated + this.answerer.oversize,
      sendErrors: s.sendErrors,
      fastLane: this.answerer.fastLaneAnswered,
    };
  }
  close(): void {
    this.socket.close();
  }
}

/**
 * A batched socket on `address` (a wildcard answers for every local address, each from itself).
 * `fastLane`: only when the responder runs chain.ts's chain (the lane stands in for it).
 */
export function listenBatch(
  udp: BatchUdp,
  address: string,
  port: number,
  respond: Responder,
  fastLane: FastLane | undefined,
  receiveBufferBytes: number,
  reusePort: boolean,
): UdpListener {
  const answerer = new BatchAnswerer(respond, fastLane);
  let socket: ReturnType<BatchUdp["open"]>;
  try {
    socket = udp.open({
      address,
      port,
      batch: BATCH,
      bufferSize: SLOT_BYTES,
      reusePort,
      receiveBufferSize: receiveBufferBytes,
      // The socket's one callback, made once here; the per-packet loop is a method.
      onBatch: (batch) => answerer.answerBatch(batch),
    });
  } catch (err) {
    throw asBindError(err, address, port);
  }
  return new BatchListener(socket, answerer);
}

const BIND_ERRNO: Record<string, string> = {
  ADDRESS_IN_USE: "EADDRINUSE",
  ADDRESS_NOT_AVAILABLE: "EADDRNOTAVAIL",
  PERMISSION_DENIED: "EACCES",
};

/**
 * A bind refused by the addon, shaped as node:dgram's (errno `code`, `syscall`, `address`,
 * `port`): whoever reports a listen problem (the CLI names the config key) sees one kind of
 * error whichever transport was chosen.
 */
function asBindError(err: unknown, address: string, port: number): unknown {
  const errno = BIND_ERRNO[(err as { code?: string }).code ?? ""];
  if (errno === undefined) return err;
  const e = new Error(`bind ${errno} ${address}:${port}`) as NodeJS.ErrnoException & { address: string; port: number };
  e.code = errno;
  e.syscall = "bind";
  e.address = address;
  e.port = port;
  e.cause = err;
  return e;
}
