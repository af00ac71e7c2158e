/// <reference path="./raw-socket.d.ts" />

import { canonicalAddress } from "@dnsteer/net";
import { ProbeError } from "./errors.js";
import { openRawIcmp, type RawIcmp, sendErrorCode, sumStats } from "./raw-icmp.js";
import { buildTcpSyn, ipv4ToNumber, parseTcpSegment, TCP_ACK, TCP_RST, TCP_SYN, type TcpSegmentInfo } from "./tcp-packets.js";
import { buildTcpSyn6, parseTcpSegment6 } from "./tcp6-packets.js";
import { TimeoutQueue } from "./timeout-queue.js";
import type { ProbeResult } from "./types.js";

export interface SynPorts {
  first: number;
  count: number;
}

/** `target`/`source` as 32-bit numbers for IPv4; for IPv6 `target6` (canonical text, as recvfrom gives it) and target 0. */
interface Pending {
  isn: number;
  target: number;
  target6: string | null;
  port: number;
  srcPort: number;
  source: number;
  /** Send time on the socket's clock (µs); 0 until sent. */
  sentUs: number;
  deadline: number;
  resolve: (r: ProbeResult) => void;
}

/**
 * Half-open TCP probes over raw IPv4 and IPv6 (nmap's SYN scan): a hand-made SYN from the
 * provider's source and a source port of our range, sent on a raw IPPROTO_TCP socket bound to the
 * provider's device (routing follows the socket, as for ICMP; the IP header, source included, is
 * ours: IP_HDRINCL / IPV6_HDRINCL); the SYN-ACK or RST is read from the same socket (Linux gives
 * raw TCP sockets a copy of every TCP segment received on the device). A reply is ours when it
 * comes from (target, port) to our port with ACK set and ack = ISN + 1 (IPv4 also checks it was
 * addressed to our source; an IPv6 raw socket does not say, the random 32-bit ISN does); the ISN
 * is random per probe and is the probe's key. Our kernel has no connection for the SYN-ACK and
 * answers it with an RST by itself, so nothing is left open on either side.
 * Internal to TcpProber: callers see the "tcp" kind only.
 */
export class SynProber {
  private readonly sockets = new Map<string, RawIcmp>();
  private readonly sockets6 = new Map<string, RawIcmp>();
  /** Why IPv6 SYN probes are off (no IPV6_HDRINCL here), or null when they work. */
  readonly ipv6Unavailable: string | null = null;
  private readonly pending = new Map<number, Pending>();
  private readonly seg: TcpSegmentInfo = { from: 0, to: 0, srcPort: 0, dstPort: 0, seq: 0, ack: 0, flags: 0 };
  private nextPort = 0;
  private ipId = Math.floor(Math.random() * 0x10000);
  private closed = false;
  private readonly timeouts = new TimeoutQueue<Pending>((e) => this.finish(e, { lost: true, reason: "timeout" }));

  /**
   * Throws ProbeError RAW_SOCKET_FAILED when raw sockets are not allowed here. `onFatal`: a socket
   * failed (raw-socket closes it): the owner closes, so probes fail fast, not hang.
   */
  constructor(
    private readonly timeoutMs: number,
    private readonly ports: SynPorts,
    private readonly onFatal: () => void,
    private readonly receiveBufferBytes = 4 << 20,
  ) {
    checkRawTcp(4);
    try {
      checkRawTcp(6);
    } catch (err) {
      this.ipv6Unavailable = String(err);
    }
  }

  /** Opens the device's socket (or throws BAD_DEVICE) before the promise, like IcmpProber. */
  probe(src: string, dst: string, port: number, device: string, family: 4 | 6 = 4): Promise<ProbeResult> {
    if (this.closed) return Promise.reject(new ProbeError("CLOSED", "prober closed"));
    const socket = this.socketFor(device, family);
    const isn = this.freeIsn();
    if (isn < 0) return Promise.resolve({ lost: true, reason: "busy" });
    const srcPort = this.ports.first + this.nextPort;
    this.nextPort = (this.nextPort + 1) % this.ports.count;
    this.ipId = (this.ipId + 1) & 0xffff;
    const packet = family === 6 ? buildTcpSyn6(src, dst, srcPort, port, isn) : buildTcpSyn(src, dst, srcPort, port, isn, this.ipId);
    return new Promise<ProbeResult>((resolve) => {
      const entry: Pending =
        family === 6
          ? {
              isn,
              target: 0,
              target6: canonicalAddress(dst),
              port,
              srcPort,
              source: 0,
              sentUs: 0,
              deadline: performance.now() + this.timeoutMs,
              resolve,
            }
          : {
              isn,
              target: ipv4ToNumber(dst),
              target6: null,
              port,
              srcPort,
              source: ipv4ToNumber(src),
              sentUs: 0,
              deadline: performance.now() + this.timeoutMs,
              resolve,
            };
      this.pending.set(isn, entry);
      this.timeouts.push(entry);
      // With the addon: stamped in C right before sendto(), and the reply by the kernel as it
      // arrives. raw-socket's fallback stamps when sendto() returns (README, "Kernel timestamps").
      socket.send(packet, dst, (err, sentUs) => {
        if (err) this.finish(entry, { lost: true, reason: "send-failed", error: sendErrorCode(err) });
        else entry.sentUs = sentUs;
      });
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const e of [...this.pending.values()]) this.finish(e, { lost: true, reason: "closed" });
    this.timeouts.close();
    for (const s of [...this.sockets.values(), ...this.sockets6.values()]) s.close();
    this.sockets.clear();
    this.sockets6.clear();
  }

  get inFlight(): number {
    return this.pending.size;
  }

  /** Replies read on the raw TCP sockets, and how many carried the kernel's receive time. */
  get receiveStats(): { received: number; kernelStamped: number } {
    return sumStats([...this.sockets.values(), ...this.sockets6.values()]);
  }

  private socketFor(device: string, family: 4 | 6): RawIcmp {
    const sockets = family === 6 ? this.sockets6 : this.sockets;
    let socket = sockets.get(device);
    if (!socket) {
      if (family === 6 && this.ipv6Unavailable !== null) throw new ProbeError("RAW_SOCKET_FAILED", this.ipv6Unavailable);
      socket =
        family === 6
          ? openRawIcmp(
              device,
              this.receiveBufferBytes,
              (buf, rxUs, from) => this.onSegment6(buf, rxUs, from),
              () => this.onFatal(),
              "TCP",
              6,
            )
          : openRawIcmp(
              device,
              this.receiveBufferBytes,
              (buf, rxUs) => this.onSegment(buf, rxUs),
              () => this.onFatal(),
              "TCP",
            );
      sockets.set(device, socket);
    }
    return socket;
  }

  private onSegment(buf: Buffer, rxUs: number): void {
    const s = this.seg;
    if (!parseTcpSegment(buf, s)) return;
    // SYN-ACK (port open) or RST+ACK (closed): both answer our SYN and carry ack = ISN + 1. Our own
    // SYN (seen on loopback) and our kernel's RST to the SYN-ACK have no ACK flag.
    if ((s.flags & TCP_ACK) === 0 || (s.flags & (TCP_SYN | TCP_RST)) === 0) return;
    const e = this.pending.get((s.ack - 1) >>> 0);
    if (
      !e ||
      e.sentUs === 0 ||
      e.target6 !== null ||
      e.target !== s.from ||
      e.source !== s.to ||
      e.port !== s.srcPort ||
      e.srcPort !== s.dstPort
    )
      return;
    const rttUs = rxUs - e.sentUs;
    this.finish(e, (s.flags & TCP_RST) !== 0 ? { rttUs, refused: true } : { rttUs });
  }

  /** The same for IPv6: the segment without its IP header, the sender as recvfrom() spelt it. */
  private onSegment6(buf: Buffer, rxUs: number, from: string): void {
    const s = this.seg;
    if (!parseTcpSegment6(buf, s)) return;
    if ((s.flags & TCP_ACK) === 0 || (s.flags & (TCP_SYN | TCP_RST)) === 0) return;
    const e = this.pending.get((s.ack - 1) >>> 0);
    if (!e || e.sentUs === 0 || e.target6 !== from || e.port !== s.srcPort || e.srcPort !== s.dstPort) return;
    const rttUs = rxUs - e.sentUs;
    this.finish(e, (s.flags & TCP_RST) !== 0 ? { rttUs, refused: true } : { rttUs });
  }

  private finish(e: Pending, result: ProbeResult): void {
    if (this.pending.get(e.isn) !== e) return;
    this.pending.delete(e.isn);
    e.resolve(result);
  }

  /** A random 32-bit ISN not in flight (it keys the probe), or -1 after a few collisions (busy). */
  private freeIsn(): number {
    for (let i = 0; i < 8; i++) {
      const isn = (Math.random() * 0x100000000) >>> 0;
      if (!this.pending.has(isn)) return isn;
    }
    return -1;
  }
}

/** Opens and closes a raw TCP socket of the family: throws when this process may not (no CAP_NET_RAW, no IPv6). */
function checkRawTcp(family: 4 | 6): void {
  openRawIcmp(
    null,
    2048,
    () => {},
    () => {},
    "TCP",
    family,
  ).close();
}
