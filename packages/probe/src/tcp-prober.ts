import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { ProbeError } from "./errors.js";
import { LocalAddresses, sourceFor } from "./local-address.js";
import { type SynPorts, SynProber } from "./syn-prober.js";
import type { LossReason, ProbeResult, Prober, ProbeSource, ProbeTarget } from "./types.js";

export interface TcpProberOptions {
  timeoutMs?: number;
  /** Used when the target names no port. */
  port?: number;
  localAddresses?: LocalAddresses;
  /**
   * Half-open SYN probes (IPv4, and IPv6 where IPV6_HDRINCL works) over raw sockets for providers
   * with a `device` (README). "auto"
   * (default): used when a raw socket can be opened, else net.connect; "off": net.connect always;
   * "required": the constructor throws (ProbeError RAW_SOCKET_FAILED, or RangeError when `synPorts`
   * overlaps ip_local_port_range) instead of falling back.
   */
  syn?: "auto" | "off" | "required";
  /** Source ports the SYN probes use, ours alone: keep them out of ip_local_port_range. */
  synPorts?: SynPorts;
}

/**
 * Above Linux's default ephemeral range (32768-60999), so the kernel never picks them for a connect.
 * 4096: a port comes back after 4096 probes (0.8 s at 5k/s), long after any reply from its last use.
 */
export const DEFAULT_SYN_PORTS: SynPorts = { first: 61000, count: 4096 };

/** Why `ports` cannot be ours, or null: they must stay out of this namespace's ephemeral range. */
function portsClash(ports: SynPorts): string | null {
  let range: string;
  try {
    range = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8");
  } catch {
    return null;
  }
  const [lo, hi] = range.trim().split(/\s+/).map(Number);
  if (lo === undefined || hi === undefined || ports.first > hi || ports.first + ports.count - 1 < lo) return null;
  return `synPorts ${ports.first}-${ports.first + ports.count - 1} overlap ip_local_port_range ${lo}-${hi}`;
}

const UNREACHABLE = new Set(["EHOSTUNREACH", "ENETUNREACH", "EHOSTDOWN", "ENETDOWN"]);

/**
 * TCP RTT: SYN out, SYN-ACK (open) or RST (refused) back. Both are replies: a refused port still
 * measured the path. From a provider with a `device`, when raw sockets are allowed: a half-open
 * SYN probe, IPv4 or IPv6 (SynProber: hand-made SYN on a raw socket bound to the device, no kernel
 * connection, a fraction of the work). Otherwise (no device, no CAP_NET_RAW, IPv6 without
 * IPV6_HDRINCL) net.connect: the source is honoured via localAddress (FACTS); the socket is reset,
 * so neither side keeps TIME_WAIT.
 */
export class TcpProber implements Prober {
  readonly kind = "tcp" as const;
  private readonly timeoutMs: number;
  private readonly port: number;
  private readonly local: LocalAddresses;
  private readonly open = new Set<() => void>();
  private closed = false;
  private readonly syn: SynProber | null = null;
  /** Why the SYN path is off in "auto" mode (no raw socket, ports clash), for the caller's log. */
  readonly synUnavailable: string | null = null;

  constructor(opts: TcpProberOptions = {}) {
    this.timeoutMs = opts.timeoutMs ?? 1000;
    this.port = opts.port ?? 53;
    this.local = opts.localAddresses ?? new LocalAddresses();
    const ports = opts.synPorts ?? DEFAULT_SYN_PORTS;
    if (
      !Number.isInteger(ports.first) ||
      !Number.isInteger(ports.count) ||
      ports.first < 1 ||
      ports.count < 1 ||
      ports.first + ports.count > 0x10000
    ) {
      throw new RangeError(`synPorts: ${JSON.stringify(ports)} is not a range of TCP ports`);
    }
    if (opts.syn !== "off") {
      const clash = portsClash(ports);
      try {
        if (clash) throw new RangeError(clash);
        this.syn = new SynProber(this.timeoutMs, ports, () => this.close());
      } catch (err) {
        if (opts.syn === "required") throw err;
        this.synUnavailable = String(err);
      }
    }
  }

  /** Whether IPv4 probes from providers with a device go out as raw SYNs (else all use net.connect). */
  get synAvailable(): boolean {
    return this.syn !== null;
  }

  /** The same for IPv6 (needs IPV6_HDRINCL: Linux 4.5+). */
  get synAvailable6(): boolean {
    return this.syn !== null && this.syn.ipv6Unavailable === null;
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
    const port = target.port ?? this.port;
    if (this.syn && source.device && (family === 4 || this.syn.ipv6Unavailable === null)) {
      try {
        return this.syn.probe(local, target.address, port, source.device, family);
      } catch (err) {
        return Promise.reject(err);
      }
    }
    return new Promise<ProbeResult>((resolve, reject) => {
      let start = process.hrtime.bigint();
      const socket = connect({ host: target.address, port, localAddress: local, family });
      // For an IP literal, net.connect() issues bind()+connect() (the SYN) from a nextTick it queues
      // itself; ours runs right after it. Stamping here keeps the 0.2-0.3 ms that connect() spends
      // before the syscall (measured on the testbed) out of the RTT. If Node ever connects
      // synchronously, this still runs after the SYN, just as close to it.
      process.nextTick(() => {
        start = process.hrtime.bigint();
      });
      let settled = false;
      const done = (result: ProbeResult | ProbeError) => {
        // Once: the timeout's sweep runs after the poll phase and may find the connect answered.
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.open.delete(abort);
        socket.removeAllListeners();
        socket.on("error", () => {}); // a late error after reset must not become an uncaught exception
        // Still connecting (timeout): resetAndDestroy() would wait for the connect to finish, keeping
        // the socket in SYN_SENT (and the process alive) until the kernel gives up, minutes later;
        // destroy() closes it now. Connected: reset, so neither side keeps TIME_WAIT.
        if (socket.connecting) socket.destroy();
        else socket.resetAndDestroy();
        if (result instanceof ProbeError) reject(result);
        else resolve(result);
      };
      const rtt = () => Number(process.hrtime.bigint() - start) / 1000;
      const lost = (reason: LossReason, error?: string) =>
        done(error === undefined ? { lost: true, reason } : { lost: true, reason, error });
      const abort = () => lost("closed");
      // After the poll phase, so a connect already answered is seen first (timeout-queue.ts).
      const timer = setTimeout(() => setImmediate(() => lost("timeout")), this.timeoutMs);
      this.open.add(abort);
      socket.once("connect", () => done({ rttUs: rtt() }));
      socket.once("error", (err: NodeJS.ErrnoException) => {
        if (err.code === "ECONNREFUSED") done({ rttUs: rtt(), refused: true });
        else if (err.code === "EADDRNOTAVAIL") done(new ProbeError("SOURCE_NOT_LOCAL", `${local}: ${err.message}`, { cause: err }));
        else lost(UNREACHABLE.has(err.code ?? "") ? "unreachable" : "send-failed", err.code ?? "EIO");
      });
    });
  }

  close(): void {
    this.closed = true;
    this.syn?.close();
    for (const abort of [...this.open]) abort();
  }

  get inFlight(): number {
    return this.open.size + (this.syn?.inFlight ?? 0);
  }

  /** Replies read on the SYN path's raw sockets, and how many carried the kernel's receive time. */
  get receiveStats(): { received: number; kernelStamped: number } {
    return this.syn?.receiveStats ?? { received: 0, kernelStamped: 0 };
  }
}
