/// <reference path="./raw-socket.d.ts" />
import { isIP } from "node:net";
import raw, { type Socket } from "raw-socket";
import { ProbeError } from "./errors.js";
import { LocalAddresses, sourceFor } from "./local-address.js";
import { buildEchoRequest, parseEchoReply } from "./packets.js";
import type { ProbeResult, ProbeSource, ProbeTarget, Prober } from "./types.js";

export interface IcmpProberOptions {
  timeoutMs?: number;
  payloadBytes?: number;
  /** 16-bit echo identifier; random by default so two probers (or ping) do not steal replies. */
  identifier?: number;
  receiveBufferBytes?: number;
  localAddresses?: LocalAddresses;
}

interface Pending { target: string; sentNs: bigint; timer: NodeJS.Timeout; resolve: (r: ProbeResult) => void }

/**
 * ICMP echo over one shared raw IPv4 socket. The socket sees every ICMP packet in the namespace,
 * so replies are matched by type 0 + our identifier + the sequence number + the target address.
 */
export class IcmpProber implements Prober {
  readonly kind = "icmp" as const;
  private readonly socket: Socket;
  private readonly pending = new Map<number, Pending>();
  private readonly id: number;
  private readonly timeoutMs: number;
  private readonly payloadBytes: number;
  private readonly local: LocalAddresses;
  private seq = 0;
  private closed = false;

  constructor(opts: IcmpProberOptions = {}) {
    this.id = (opts.identifier ?? Math.floor(Math.random() * 0x10000)) & 0xffff;
    this.timeoutMs = opts.timeoutMs ?? 1000;
    this.payloadBytes = opts.payloadBytes ?? 16;
    this.local = opts.localAddresses ?? new LocalAddresses();
    try {
      this.socket = raw.createSocket({ protocol: raw.Protocol.ICMP, bufferSize: 2048 });
      this.socket.setOption(raw.SocketLevel.IPPROTO_IP, raw.SocketOption.IP_HDRINCL, 1);
      this.socket.setOption(raw.SocketLevel.SOL_SOCKET, raw.SocketOption.SO_RCVBUF, opts.receiveBufferBytes ?? 4 << 20);
    } catch (err) {
      throw new ProbeError("RAW_SOCKET_FAILED", `cannot open a raw ICMP socket (root or CAP_NET_RAW needed): ${String(err)}`, { cause: err });
    }
    this.socket.on("message", (buf) => this.onMessage(buf));
    // raw-socket closes the socket after an error: later probes must fail fast, not hang.
    this.socket.on("error", () => { this.closed = true; this.failAll(); });
  }

  probe(target: ProbeTarget, source: ProbeSource): Promise<ProbeResult> {
    if (this.closed) return Promise.reject(new ProbeError("CLOSED", "prober closed"));
    if (isIP(target.address) === 6) {
      return Promise.reject(new ProbeError("FAMILY_UNSUPPORTED", "ICMPv6 is not supported: use TCP for IPv6 (README)"));
    }
    let src: string;
    try {
      src = sourceFor(target.address, source).local;
      this.local.require(src);
    } catch (err) {
      return Promise.reject(err);
    }
    const seq = this.nextSeq();
    if (seq < 0) return Promise.resolve({ lost: true, reason: "busy" });
    const packet = buildEchoRequest(src, target.address, this.id, seq, this.payloadBytes);
    return new Promise<ProbeResult>((resolve) => {
      const timer = setTimeout(() => this.finish(seq, { lost: true, reason: "timeout" }), this.timeoutMs);
      const entry: Pending = { target: target.address, sentNs: 0n, timer, resolve };
      this.pending.set(seq, entry);
      // The stamp is taken right before sendto(): raw-socket queues sends until the socket is writable.
      this.socket.send(packet, 0, packet.length, target.address, () => { entry.sentNs = process.hrtime.bigint(); },
        (err) => { if (err) this.finish(seq, { lost: true, reason: "send-failed" }); });
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.failAll();
    this.socket.close();
  }

  get inFlight(): number {
    return this.pending.size;
  }

  private onMessage(buf: Buffer): void {
    const now = process.hrtime.bigint();
    const reply = parseEchoReply(buf);
    if (!reply || reply.id !== this.id) return;
    const entry = this.pending.get(reply.seq);
    if (!entry || entry.target !== reply.from || entry.sentNs === 0n) return;
    this.finish(reply.seq, { rttUs: Number(now - entry.sentNs) / 1000 });
  }

  private finish(seq: number, result: ProbeResult): void {
    const entry = this.pending.get(seq);
    if (!entry) return;
    this.pending.delete(seq);
    clearTimeout(entry.timer);
    entry.resolve(result);
  }

  private failAll(): void {
    for (const seq of [...this.pending.keys()]) this.finish(seq, { lost: true, reason: "closed" });
  }

  /** Next free 16-bit sequence number, or -1 when all 65536 are in flight. */
  private nextSeq(): number {
    for (let i = 0; i < 0x10000; i++) {
      this.seq = (this.seq + 1) & 0xffff;
      if (!this.pending.has(this.seq)) return this.seq;
    }
    return -1;
  }
}
