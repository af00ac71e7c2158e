/// <reference path="./raw-socket.d.ts" />
import { addressFamily, canonicalAddress } from "@dnsteer/net";
import { ProbeError } from "./errors.js";
import { buildEchoRequest6, parseEchoReply6 } from "./icmp6-packets.js";
import { LocalAddresses, sourceFor } from "./local-address.js";
import { buildEchoRequest, parseEchoReply } from "./packets.js";
import { openRawIcmp, type RawIcmp, sendErrorCode, sumStats } from "./raw-icmp.js";
import { TimeoutQueue } from "./timeout-queue.js";
import type { ProbeResult, Prober, ProbeSource, ProbeTarget } from "./types.js";

export interface IcmpProberOptions {
  timeoutMs?: number;
  payloadBytes?: number;
  /** 16-bit echo identifier; random by default so two probers (or ping) do not steal replies. */
  identifier?: number;
  receiveBufferBytes?: number;
  localAddresses?: LocalAddresses;
}

interface Pending {
  seq: number;
  /** As the reply's sender will read: dotted quad, or canonical IPv6 text (inet_ntop's). */
  target: string;
  /** Send time on the socket's clock (µs); 0 until sent. */
  sentUs: number;
  deadline: number;
  resolve: (r: ProbeResult) => void;
}

/**
 * ICMP echo over raw IPv4 sockets, and ICMPv6 echo over raw IPv6 ones (IPV6_HDRINCL, our own header
 * and checksum: icmp6-packets.ts), per family: one unbound socket for providers without a `device`, and one
 * socket per device (SO_BINDTODEVICE) for providers with one, opened on first use. With IP_HDRINCL
 * the kernel routes by the socket, not by the source we write in the header; binding to the
 * provider's link is what makes `ip rule oif <link>` route the probe out of that provider (README).
 * A socket sees every ICMP packet arriving on its device (all of them when unbound), so replies are
 * matched by type 0 (ICMPv6: 129) + our identifier + the sequence number + the target address.
 */
export class IcmpProber implements Prober {
  readonly kind = "icmp" as const;
  /** Keyed by family and device ("4|p1", "6|"). */
  private readonly sockets = new Map<string, RawIcmp>();
  /** Why ICMPv6 probes are off here (no raw ICMPv6 socket with IPV6_HDRINCL), or null. */
  readonly ipv6Unavailable: string | null = null;
  private readonly pending = new Map<number, Pending>();
  private readonly id: number;
  private readonly timeoutMs: number;
  private readonly payloadBytes: number;
  private readonly receiveBufferBytes: number;
  private readonly local: LocalAddresses;
  private seq = 0;
  private closed = false;
  // One FIFO and one timer for all timeouts (timeout-queue.ts): less garbage on the probing thread.
  private readonly timeouts = new TimeoutQueue<Pending>((e) => {
    if (this.pending.get(e.seq) === e) this.finish(e.seq, { lost: true, reason: "timeout" });
  });

  constructor(opts: IcmpProberOptions = {}) {
    this.id = (opts.identifier ?? Math.floor(Math.random() * 0x10000)) & 0xffff;
    this.timeoutMs = opts.timeoutMs ?? 1000;
    this.payloadBytes = opts.payloadBytes ?? 16;
    this.receiveBufferBytes = opts.receiveBufferBytes ?? 4 << 20;
    this.local = opts.localAddresses ?? new LocalAddresses();
    // Fail here, not at the first probe, when raw sockets are not allowed (callers fall back to TCP).
    openRawIcmp(
      null,
      2048,
      () => {},
      () => {},
    ).close();
    try {
      openRawIcmp(
        null,
        2048,
        () => {},
        () => {},
        "ICMP",
        6,
      ).close();
    } catch (err) {
      this.ipv6Unavailable = String(err);
    }
  }

  probe(target: ProbeTarget, source: ProbeSource): Promise<ProbeResult> {
    if (this.closed) return Promise.reject(new ProbeError("CLOSED", "prober closed"));
    const family = addressFamily(target.address);
    if (family === 6 && this.ipv6Unavailable !== null) {
      return Promise.reject(new ProbeError("FAMILY_UNSUPPORTED", `ICMPv6 is not available here: ${this.ipv6Unavailable}`));
    }
    let src: string;
    let socket: RawIcmp;
    try {
      src = sourceFor(target.address, source).local;
      this.local.require(src);
      socket = this.socketFor(source.device ?? null, family === 6 ? 6 : 4);
    } catch (err) {
      return Promise.reject(err);
    }
    const seq = this.nextSeq();
    if (seq < 0) return Promise.resolve({ lost: true, reason: "busy" });
    const packet =
      family === 6
        ? buildEchoRequest6(src, target.address, this.id, seq, this.payloadBytes)
        : buildEchoRequest(src, target.address, this.id, seq, this.payloadBytes);
    const expectFrom = family === 6 ? canonicalAddress(target.address) : target.address;
    return new Promise<ProbeResult>((resolve) => {
      const entry: Pending = { seq, target: expectFrom, sentUs: 0, deadline: performance.now() + this.timeoutMs, resolve };
      this.pending.set(seq, entry);
      this.timeouts.push(entry);
      // Stamped right before sendto() (in C with the addon; raw-socket queues sends until writable).
      socket.send(packet, target.address, (err, sentUs) => {
        if (err) this.finish(seq, { lost: true, reason: "send-failed", error: sendErrorCode(err) });
        else entry.sentUs = sentUs;
      });
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.failAll();
    this.timeouts.close();
    for (const s of this.sockets.values()) s.close();
    this.sockets.clear();
  }

  get inFlight(): number {
    return this.pending.size;
  }

  /** Replies read on this prober's raw sockets, and how many carried the kernel's receive time. */
  get receiveStats(): { received: number; kernelStamped: number } {
    return sumStats(this.sockets.values());
  }

  private socketFor(device: string | null, family: 4 | 6): RawIcmp {
    const key = `${family}|${device ?? ""}`;
    let socket = this.sockets.get(key);
    if (!socket) {
      socket = openRawIcmp(
        device,
        this.receiveBufferBytes,
        family === 6 ? (buf, rxUs, from) => this.onMessage6(buf, rxUs, from) : (buf, rxUs) => this.onMessage(buf, rxUs),
        // raw-socket closes a socket after an error: later probes must fail fast, not hang.
        () => this.close(),
        "ICMP",
        family,
      );
      this.sockets.set(key, socket);
    }
    return socket;
  }

  private onMessage(buf: Buffer, rxUs: number): void {
    const reply = parseEchoReply(buf);
    if (!reply || reply.id !== this.id) return;
    const entry = this.pending.get(reply.seq);
    if (!entry || entry.target !== reply.from || entry.sentUs === 0) return;
    this.finish(reply.seq, { rttUs: rxUs - entry.sentUs });
  }

  /** ICMPv6: the reply comes without its IP header; the sender is recvfrom's (canonical text). */
  private onMessage6(buf: Buffer, rxUs: number, from: string): void {
    const reply = parseEchoReply6(buf);
    if (!reply || reply.id !== this.id) return;
    const entry = this.pending.get(reply.seq);
    if (!entry || entry.target !== from || entry.sentUs === 0) return;
    this.finish(reply.seq, { rttUs: rxUs - entry.sentUs });
  }

  private finish(seq: number, result: ProbeResult): void {
    const entry = this.pending.get(seq);
    if (!entry) return;
    this.pending.delete(seq);
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
