import { createSocket, type Socket } from "node:dgram";
import { decodeWithDns2, encodeWithDns2 } from "@dnsteer/dns-client";
import { canonicalAddress } from "@dnsteer/net";
import { ProbeError } from "./errors.js";
import { LocalAddresses, sourceFor } from "./local-address.js";
import type { ProbeResult, Prober, ProbeSource, ProbeTarget } from "./types.js";

export interface DnsProberOptions {
  timeoutMs?: number;
  /** Used when the target names no port. */
  port?: number;
  /** The question asked (default "." NS, with RD=0: any resolver has it or refuses at once). */
  qname?: string;
  /** Numeric RR type (default 2, NS). */
  qtype?: number;
  localAddresses?: LocalAddresses;
}

interface Pending {
  startNs: bigint;
  timer: NodeJS.Timeout;
  resolve: (r: ProbeResult) => void;
}

/**
 * DNS RTT: one UDP query to the resolver itself, out of the provider's source address (a socket
 * bound to it per source, so the kernel routes by it like the TCP prober's connect). For
 * resolvers that drop ICMP and TCP but must answer DNS (F5's DNS_DOT). Any reply with our ID from
 * the target, echoing our question, is a reply: NOERROR, a referral, REFUSED, SERVFAIL alike, since
 * each took the path both ways. RD is off so a resolver answers from what it has instead of
 * recursing, which would add its upstream's time to the RTT. The query is encoded once with dns2
 * (@dnsteer/dns-client's guarded codec) and replies are decoded with it after the time is taken.
 * No SO_BINDTODEVICE on node:dgram: the provider's `device` is not used, its source route is.
 */
export class DnsProber implements Prober {
  readonly kind = "dns" as const;
  private readonly timeoutMs: number;
  private readonly port: number;
  private readonly qname: string;
  private readonly template: Buffer;
  private readonly local: LocalAddresses;
  private readonly sockets = new Map<string, Promise<Socket>>();
  private readonly pending = new Map<string, Pending>();
  private closed = false;

  constructor(opts: DnsProberOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 1000;
    this.port = opts.port ?? 53;
    this.qname = opts.qname ?? ".";
    this.local = opts.localAddresses ?? new LocalAddresses();
    this.template = encodeWithDns2({
      header: { id: 0, qr: 0, opcode: 0, rd: 0 },
      questions: [{ name: this.qname === "." ? "" : this.qname.replace(/\.$/, ""), type: opts.qtype ?? 2, class: 1 }],
    });
  }

  async probe(target: ProbeTarget, source: ProbeSource): Promise<ProbeResult> {
    if (this.closed) throw new ProbeError("CLOSED", "prober closed");
    const { local, family } = sourceFor(target.address, source);
    this.local.require(local);
    const address = canonicalAddress(target.address);
    const port = target.port ?? this.port;
    const socket = await this.socketFor(local, family);
    let id = 0;
    let key = "";
    do {
      id = (Math.random() * 0x10000) | 0;
      key = `${address}|${port}|${id}`;
    } while (this.pending.has(key));
    const query = Buffer.from(this.template);
    query.writeUInt16BE(id, 0);
    return new Promise<ProbeResult>((resolve) => {
      const timer = setTimeout(() => this.settle(key, { lost: true, reason: "timeout" }), this.timeoutMs);
      this.pending.set(key, { startNs: process.hrtime.bigint(), timer, resolve });
      socket.send(query, port, address, (err) => {
        if (err) this.settle(key, { lost: true, reason: "send-failed", error: (err as NodeJS.ErrnoException).code ?? "EIO" });
        else this.sent(key);
      });
    });
  }

  close(): void {
    this.closed = true;
    for (const key of [...this.pending.keys()]) this.settle(key, { lost: true, reason: "closed" });
    for (const s of this.sockets.values()) s.then((socket) => socket.close()).catch(() => {});
    this.sockets.clear();
  }

  get inFlight(): number {
    return this.pending.size;
  }

  private socketFor(local: string, family: 4 | 6): Promise<Socket> {
    let s = this.sockets.get(local);
    if (!s) {
      s = new Promise<Socket>((resolve, reject) => {
        const socket = createSocket(family === 4 ? "udp4" : "udp6");
        socket.once("error", (err: NodeJS.ErrnoException) => {
          this.sockets.delete(local);
          reject(err.code === "EADDRNOTAVAIL" ? new ProbeError("SOURCE_NOT_LOCAL", `${local}: ${err.message}`, { cause: err }) : err);
        });
        socket.on("message", (msg, rinfo) => this.onMessage(msg, rinfo.address, rinfo.port));
        socket.bind({ address: local, port: 0 }, () => {
          socket.removeAllListeners("error");
          socket.on("error", () => {}); // per-send errors come back in send's callback
          socket.unref();
          resolve(socket);
        });
      });
      this.sockets.set(local, s);
    }
    return s;
  }

  /**
   * The datagram has left: node:dgram resolves even an IP literal through a lookup step of its own
   * (a tick) before the sendto, and calls back right after it, before any reply can be read; the
   * time starts here, as the TCP prober starts it after connect()'s own work (measured on the testbed).
   */
  private sent(key: string): void {
    const p = this.pending.get(key);
    if (p) p.startNs = process.hrtime.bigint();
  }

  private onMessage(msg: Buffer, from: string, port: number): void {
    const now = process.hrtime.bigint();
    if (msg.length < 12 || (msg[2]! & 0x80) === 0) return; // not a response
    const key = `${canonicalAddress(from.replace(/%.*$/, ""))}|${port}|${msg.readUInt16BE(0)}`;
    const p = this.pending.get(key);
    if (!p || !this.echoesQuestion(msg)) return;
    this.settle(key, { rttUs: Number(now - p.startNs) / 1000 });
  }

  /** Whether the reply decodes and asks our question (a reply with no question, FORMERR-style, counts). */
  private echoesQuestion(msg: Buffer): boolean {
    try {
      const q = decodeWithDns2(msg).questions[0];
      return q === undefined || q.name.replace(/\.$/, "").toLowerCase() === this.qname.replace(/\.$/, "").toLowerCase().replace(/^\.$/, "");
    } catch {
      return false;
    }
  }

  private settle(key: string, result: ProbeResult): void {
    const p = this.pending.get(key);
    if (!p) return;
    this.pending.delete(key);
    clearTimeout(p.timer);
    p.resolve(result);
  }
}
