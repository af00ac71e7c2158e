import dgram from "node:dgram";
import net from "node:net";

/**
 * Paced load against one server: answered/lost/latency per kind of client. Ids index a table
 * of send times, so matching a reply costs no allocation; a query unanswered after LOST_MS is
 * lost. Pure Node sockets: the same generator drives dnsteer and the peer.
 */
export const LOST_MS = 2000;

export class Tracker {
  private readonly sentAt = new Float64Array(65536).fill(-1);
  /** Known delay to subtract from a query's latency (the testbed's path delay of a steered query). */
  private readonly offsetMs = new Float64Array(65536);
  private nextId = 0;
  sent = 0;
  answered = 0;
  lost = 0;
  latencies: number[] = [];

  take(offsetMs = 0): number {
    const id = this.nextId;
    this.nextId = (this.nextId + 1) & 0xffff;
    if (this.sentAt[id]! >= 0) this.lost++; // its slot comes round again unanswered
    this.sentAt[id] = performance.now();
    this.offsetMs[id] = offsetMs;
    this.sent++;
    return id;
  }

  /** Marks `id` answered; false when it was not outstanding (a duplicate, or already lost). */
  reply(id: number): boolean {
    const at = this.sentAt[id]!;
    if (at < 0) return false;
    const ms = performance.now() - at;
    this.sentAt[id] = -1;
    if (ms > LOST_MS) {
      this.lost++;
      return false;
    }
    this.answered++;
    this.latencies.push(ms - this.offsetMs[id]!);
    return true;
  }

  /** Sweep queries older than LOST_MS into `lost`. */
  sweep(): void {
    const now = performance.now();
    for (let i = 0; i < 65536; i++) {
      const at = this.sentAt[i]!;
      if (at >= 0 && now - at > LOST_MS) {
        this.sentAt[i] = -1;
        this.lost++;
      }
    }
  }

  /** Counts since the last call; p99 of the latencies since then. */
  period(): { sent: number; answered: number; lost: number; p99: number } {
    this.sweep();
    const l = this.latencies.sort((a, b) => a - b);
    const out = { sent: this.sent, answered: this.answered, lost: this.lost, p99: l.length ? l[Math.floor(l.length * 0.99)]! : Number.NaN };
    this.sent = this.answered = this.lost = 0;
    this.latencies = [];
    return out;
  }
}

/**
 * Queries due at `qps` since the last call, by the clock rather than by timer ticks (a loaded
 * box delays ticks); at most 100 ms' worth, so a stalled generator does not send a burst.
 */
export class Pacer {
  private last = performance.now();
  private owed = 0;

  constructor(private readonly qps: number) {}

  due(): number {
    const now = performance.now();
    this.owed = Math.min(this.owed + ((now - this.last) * this.qps) / 1000, this.qps / 10 + 1);
    this.last = now;
    const n = Math.floor(this.owed);
    this.owed -= n;
    return n;
  }
}

export function withId(q: Uint8Array, id: number): Buffer {
  const b = Buffer.from(q);
  if (b.length >= 2) b.writeUInt16BE(id, 0); // a mutated query may be shorter than an id
  return b;
}

/** A server under load: where the queries go. */
export interface Target {
  host: string;
  port: number;
}

/** UDP queries from `pool` at `qps`, paced every 10 ms. */
export function udpClient(to: Target, pool: readonly Uint8Array[], qps: number, tracker: Tracker): () => void {
  const s = dgram.createSocket({ type: "udp4", recvBufferSize: 1 << 22 });
  s.on("message", (m) => m.length >= 2 && tracker.reply(m.readUInt16BE(0)));
  s.on("error", () => {});
  let k = 0;
  const pacer = new Pacer(qps);
  const t = setInterval(() => {
    for (let n = pacer.due(); n > 0; n--) {
      const q = pool[k++ % pool.length]!;
      s.send(withId(q, tracker.take()), to.port, to.host);
    }
  }, 10);
  return () => {
    clearInterval(t);
    s.close();
  };
}

/** One TCP connection, pipelined queries at `qps`; reconnects when the server closes it. */
export function tcpClient(to: Target, pool: readonly Uint8Array[], qps: number, tracker: Tracker): () => void {
  let socket: net.Socket | null = null;
  let buf = Buffer.alloc(0);
  let stopped = false;
  const connect = () => {
    const s = net.connect(to.port, to.host);
    s.on("data", (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        tracker.reply(buf.readUInt16BE(2));
        buf = buf.subarray(2 + buf.readUInt16BE(0));
      }
    });
    s.on("error", () => {});
    s.on("close", () => {
      socket = null;
      buf = Buffer.alloc(0);
      if (!stopped) setTimeout(() => (socket = connect()), 100);
    });
    return s;
  };
  socket = connect();
  let k = 0;
  const pacer = new Pacer(qps);
  const t = setInterval(() => {
    for (let n = pacer.due(); n > 0; n--) {
      if (!socket) break;
      const q = withId(pool[k++ % pool.length]!, tracker.take());
      socket.write(Buffer.concat([Buffer.from([q.length >> 8, q.length & 0xff]), q]));
    }
  }, 10);
  return () => {
    stopped = true;
    clearInterval(t);
    socket?.destroy();
  };
}

/**
 * Slow and rude TCP clients: `slow` connections sending a query one octet a second (reopened
 * when closed), and one that pipelines queries and never reads.
 */
export function rudeClients(to: Target, query: Uint8Array, slow: number): () => void {
  const sockets = new Set<net.Socket>();
  let stopped = false;
  const framed = Buffer.concat([Buffer.from([query.length >> 8, query.length & 0xff]), query]);
  const open = (neverReads: boolean) => {
    const s = net.connect(to.port, to.host);
    sockets.add(s);
    if (neverReads) s.pause();
    s.on("error", () => {});
    s.on("close", () => {
      sockets.delete(s);
      if (!stopped) setTimeout(() => open(neverReads), 500);
    });
    let at = 0;
    const t = setInterval(
      () => {
        if (s.destroyed) return clearInterval(t);
        if (neverReads) for (let i = 0; i < 50; i++) s.write(framed);
        else s.write(framed.subarray(at % framed.length, (at++ % framed.length) + 1));
      },
      neverReads ? 100 : 1000,
    );
    s.on("close", () => clearInterval(t));
  };
  for (let i = 0; i < slow; i++) open(false);
  open(true);
  return () => {
    stopped = true;
    for (const s of sockets) s.destroy();
  };
}
