import { decodeWithDns2, encodeWithDns2 } from "@dnsteer/dns-client";
import { canonicalAddress } from "@dnsteer/net";
import { type DnsSocket, openDnsSocket } from "./dns-socket.js";
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
  /** On the socket's clock (dns-socket.ts); 0 until the send has happened. */
  sentUs: number;
  timer: NodeJS.Timeout;
  resolve: (r: ProbeResult) => void;
}

/**
 * DNS RTT: one UDP query to the resolver itself, out of the provider's source address (a socket
 * bound to it, and to the provider's device when it has one, per source: the kernel routes by them
 * like the TCP prober's connect / the raw probes' device). For resolvers that drop ICMP and TCP but
 * must answer DNS (F5's DNS_DOT). Any reply with our ID from the target, echoing our question, is a
 * reply: NOERROR, a referral, REFUSED, SERVFAIL alike, since each took the path both ways. RD is
 * off so a resolver answers from what it has instead of recursing, which would add its upstream's
 * time to the RTT. The query is encoded once with dns2 (@dnsteer/dns-client's guarded codec) and
 * replies are decoded with it after the time is taken. The socket is the probe addon's (kernel
 * receive time, send time taken in C right before sendto()) or node:dgram's (dns-socket.ts).
 */
export class DnsProber implements Prober {
  readonly kind = "dns" as const;
  private readonly timeoutMs: number;
  private readonly port: number;
  private readonly qname: string;
  private readonly template: Buffer;
  private readonly local: LocalAddresses;
  private readonly sockets = new Map<string, Promise<DnsSocket>>();
  private readonly opened: DnsSocket[] = [];
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
    const socket = await this.socketFor(local, family, source.device ?? null);
    if (this.closed) throw new ProbeError("CLOSED", "prober closed");
    let id = 0;
    let key = "";
    do {
      id = (Math.random() * 0x10000) | 0;
      key = `${address}|${port}|${id}`;
    } while (this.pending.has(key));
    const query = Buffer.from(this.template);
    query.writeUInt16BE(id, 0);
    return new Promise<ProbeResult>((resolve) => {
      // Expired after the poll phase (setImmediate), so a reply already waiting is read first (timeout-queue.ts).
      const timer = setTimeout(() => setImmediate(() => this.settle(key, { lost: true, reason: "timeout" })), this.timeoutMs);
      this.pending.set(key, { sentUs: 0, timer, resolve });
      socket.send(query, address, port, (error, sentUs) => {
        if (error !== null) this.settle(key, { lost: true, reason: "send-failed", error });
        else this.sent(key, sentUs);
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

  /** Replies read, and how many of them carried the kernel's receive time (summed over the sockets). */
  get receiveStats(): { received: number; kernelStamped: number } {
    const sum = { received: 0, kernelStamped: 0 };
    for (const s of this.opened) {
      const one = s.stats();
      sum.received += one.received;
      sum.kernelStamped += one.kernelStamped;
    }
    return sum;
  }

  private socketFor(local: string, family: 4 | 6, device: string | null): Promise<DnsSocket> {
    const key = `${local}|${device ?? ""}`;
    let s = this.sockets.get(key);
    if (!s) {
      s = openDnsSocket(local, family, device, (buf, rxUs, from, port) => this.onReply(buf, rxUs, from, port));
      s.then(
        (socket) => this.opened.push(socket),
        () => this.sockets.delete(key),
      );
      this.sockets.set(key, s);
    }
    return s;
  }

  private sent(key: string, sentUs: number): void {
    const p = this.pending.get(key);
    if (p) p.sentUs = sentUs;
  }

  private onReply(msg: Buffer, rxUs: number, from: string, port: number): void {
    if (msg.length < 12 || (msg[2]! & 0x80) === 0) return; // not a response
    const key = `${canonicalAddress(from.replace(/%.*$/, ""))}|${port}|${msg.readUInt16BE(0)}`;
    const p = this.pending.get(key);
    if (!p || p.sentUs === 0 || !this.echoesQuestion(msg)) return;
    this.settle(key, { rttUs: rxUs - p.sentUs });
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
