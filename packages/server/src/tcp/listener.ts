import net from "node:net";
import type { Responder } from "../core/responder.js";
import type { TcpSettings } from "../core/settings.js";
import { SourcePrefix, sourcePrefixOf } from "../core/source-prefix.js";
import { ConnectionTable } from "./admission.js";
import { TcpConnection } from "./connection.js";

/** What a TCP listener has done to protect itself, for status and tests. */
export interface TcpStats {
  accepted: number;
  /** Closed at a cap to make room for a new connection. */
  evicted: number;
  /** Closed at once: at a cap with every connection owed answers. */
  refused: number;
  /** Closed because a message did not complete within `messageTimeoutMs`. */
  messageTimeouts: number;
  /** Closed after `idleTimeoutMs` without a query, or without taking any answer. */
  idleTimeouts: number;
}

/**
 * DNS over TCP on one address (RFC 7766): admission against the connection caps, and one sweep
 * that enforces every connection's deadlines (a whole message within `messageTimeoutMs`, no
 * idle gap or stalled reader past `idleTimeoutMs`). Settings are read anew on each connection
 * and each sweep, so a reload changes them; the sweep's period is fixed at start.
 */
export class TcpListener {
  readonly stats: TcpStats = { accepted: 0, evicted: 0, refused: 0, messageTimeouts: 0, idleTimeouts: 0 };
  private readonly table = new ConnectionTable<TcpConnection>();
  private readonly prefix = new SourcePrefix();
  private readonly server: net.Server;
  private sweepTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly family: 4 | 6,
    private readonly respond: Responder,
    private readonly settings: () => TcpSettings,
  ) {
    this.server = net.createServer({ noDelay: true }, (socket) => this.accept(socket));
    this.server.on("error", () => {});
  }

  static async listen(address: string, port: number, respond: Responder, settings: () => TcpSettings): Promise<TcpListener> {
    const family = net.isIPv6(address) ? 6 : 4;
    const listener = new TcpListener(family, respond, settings);
    const server = listener.server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ host: address, port, ipv6Only: family === 6 }, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const s = settings();
    const period = Math.max(10, Math.min(250, Math.floor(Math.min(s.messageTimeoutMs, s.idleTimeoutMs) / 4)));
    listener.sweepTimer = setInterval(() => listener.sweep(), period);
    listener.sweepTimer.unref();
    return listener;
  }

  address(): net.AddressInfo {
    return this.server.address() as net.AddressInfo;
  }

  /** Open connections now. */
  get connections(): number {
    return this.table.size;
  }

  private accept(socket: net.Socket): void {
    const tcp = this.settings();
    const remote = { address: socket.remoteAddress ?? "", port: socket.remotePort ?? 0, family: this.family };
    sourcePrefixOf(remote.address, tcp.prefix, this.prefix);
    const prefixKey = this.prefix.key();
    const admission = this.table.admit(prefixKey, tcp);
    if (admission.kind === "refuse") {
      this.stats.refused++;
      socket.on("error", () => {});
      socket.destroy();
      return;
    }
    if (admission.kind === "evict") {
      this.stats.evicted++;
      this.close(admission.victim);
    }
    this.stats.accepted++;
    const conn = new TcpConnection(socket, prefixKey, remote, this.respond, tcp, Date.now());
    this.table.add(conn);
    socket.on("data", (chunk: Buffer) => conn.receive(chunk));
    socket.on("error", () => socket.destroy());
    socket.on("close", () => this.table.delete(conn));
  }

  private close(conn: TcpConnection): void {
    this.table.delete(conn); // now, not at its close event: the slot is taken at once
    conn.socket.destroy();
  }

  /** Close every connection past a deadline. */
  private sweep(): void {
    const { messageTimeoutMs, idleTimeoutMs } = this.settings();
    const now = Date.now();
    for (const conn of this.table.connections()) {
      if (conn.messageStartedAt >= 0 && now - conn.messageStartedAt >= messageTimeoutMs) {
        this.stats.messageTimeouts++;
        this.close(conn);
      } else if (
        conn.inFlight > 0 ? now - conn.lastFlushAt >= idleTimeoutMs : conn.messageStartedAt < 0 && now - conn.lastActiveAt >= idleTimeoutMs
      ) {
        this.stats.idleTimeouts++;
        this.close(conn);
      }
    }
  }

  /** Stop accepting and close every connection. */
  async stop(): Promise<void> {
    clearInterval(this.sweepTimer);
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const conn of [...this.table.connections()]) this.close(conn);
    await closed;
  }
}
