import { connect } from "node:net";
import { ProbeError } from "./errors.js";
import { LocalAddresses, sourceFor } from "./local-address.js";
import type { LossReason, ProbeResult, ProbeSource, ProbeTarget, Prober } from "./types.js";

export interface TcpProberOptions {
  timeoutMs?: number;
  /** Used when the target names no port. */
  port?: number;
  localAddresses?: LocalAddresses;
}

const UNREACHABLE = new Set(["EHOSTUNREACH", "ENETUNREACH", "EHOSTDOWN", "ENETDOWN"]);

/**
 * TCP connect RTT: SYN out, SYN-ACK (connected) or RST (refused) back. Both are replies: a refused
 * port still measured the path. The socket is reset, not closed, so neither side keeps TIME_WAIT.
 * IPv4 and IPv6; the source is honoured via localAddress (FACTS).
 */
export class TcpProber implements Prober {
  readonly kind = "tcp" as const;
  private readonly timeoutMs: number;
  private readonly port: number;
  private readonly local: LocalAddresses;
  private readonly open = new Set<() => void>();
  private closed = false;

  constructor(opts: TcpProberOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 1000;
    this.port = opts.port ?? 53;
    this.local = opts.localAddresses ?? new LocalAddresses();
  }

  probe(target: ProbeTarget, source: ProbeSource): Promise<ProbeResult> {
    if (this.closed) return Promise.reject(new ProbeError("CLOSED", "prober closed"));
    let local: string;
    let family: 4 | 6;
    try {
      ({ local, family } = sourceFor(target.address, source));
      this.local.require(local);
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise<ProbeResult>((resolve, reject) => {
      let start = process.hrtime.bigint();
      const socket = connect({ host: target.address, port: target.port ?? this.port, localAddress: local, family });
      // For an IP literal, net.connect() issues bind()+connect() (the SYN) from a nextTick it queues
      // itself; ours runs right after it. Stamping here keeps the 0.2-0.3 ms that connect() spends
      // before the syscall (measured on the testbed) out of the RTT. If Node ever connects
      // synchronously, this still runs after the SYN, just as close to it.
      process.nextTick(() => { start = process.hrtime.bigint(); });
      const done = (result: ProbeResult | ProbeError) => {
        clearTimeout(timer);
        this.open.delete(abort);
        socket.removeAllListeners();
        socket.on("error", () => {}); // a late error after reset must not become an uncaught exception
        // Still connecting (timeout): resetAndDestroy() would wait for the connect to finish, keeping
        // the socket in SYN_SENT (and the process alive) until the kernel gives up, minutes later;
        // destroy() closes it now. Connected: reset, so neither side keeps TIME_WAIT.
        if (socket.connecting) socket.destroy(); else socket.resetAndDestroy();
        if (result instanceof ProbeError) reject(result); else resolve(result);
      };
      const rtt = () => Number(process.hrtime.bigint() - start) / 1000;
      const lost = (reason: LossReason) => done({ lost: true, reason });
      const abort = () => lost("closed");
      const timer = setTimeout(() => lost("timeout"), this.timeoutMs);
      this.open.add(abort);
      socket.once("connect", () => done({ rttUs: rtt() }));
      socket.once("error", (err: NodeJS.ErrnoException) => {
        if (err.code === "ECONNREFUSED") done({ rttUs: rtt(), refused: true });
        else if (err.code === "EADDRNOTAVAIL") done(new ProbeError("SOURCE_NOT_LOCAL", `${local}: ${err.message}`, { cause: err }));
        else lost(UNREACHABLE.has(err.code ?? "") ? "unreachable" : "send-failed");
      });
    });
  }

  close(): void {
    this.closed = true;
    for (const abort of [...this.open]) abort();
  }

  get inFlight(): number {
    return this.open.size;
  }
}
