import type net from "node:net";
import type { Peer } from "../core/handler.js";
import { followingMessages } from "../core/message-stream.js";
import type { Responder } from "../core/responder.js";
import type { TcpSettings } from "../core/settings.js";
import type { Admitted } from "./admission.js";

/**
 * One DNS-over-TCP connection (RFC 7766): 2-octet length framing, pipelined queries answered in
 * order as they arrive, and write backpressure. Reading stops while answers the client has not
 * taken exceed `maxUnsentBytes` or `maxQueriesInFlight`, and resumes as they drain, so a client
 * that sends without reading holds at most those bounds plus one chunk of the server's memory.
 * A zone transfer's following messages obey the same bound: they are written while the unsent
 * bytes stay under it and the rest as the client takes them, with reading paused meanwhile.
 *
 * Deadlines are not timers here: the listener's sweep reads `messageStartedAt`, `lastActiveAt`
 * and `lastFlushAt` and closes what is overdue.
 */
export class TcpConnection implements Admitted {
  /** When the first octet of a message not yet complete arrived; -1 between messages. */
  messageStartedAt = -1;
  lastActiveAt: number;
  /** When the last answer went to the kernel (a client that stops reading stops this). */
  lastFlushAt: number;
  /** Answers written but not yet handed to the kernel. */
  inFlight = 0;

  /** The unread part of a chunk while reading is paused. */
  private rest: Buffer | null = null;
  /** First octet of a length prefix split across chunks, or -1. */
  private lengthHigh = -1;
  /** A message assembled across chunks: allocated once its length is known. */
  private message: Buffer | null = null;
  private filled = 0;
  private paused = false;
  /** A transfer's messages not yet written, and the next one to write. */
  private pending: readonly Buffer[] | null = null;
  private pendingAt = 0;
  /** One write callback per connection, not one per answer. */
  private readonly onFlushed: (err?: Error | null) => void;

  constructor(
    readonly socket: net.Socket,
    readonly prefixKey: string,
    private readonly remote: Peer,
    private readonly respond: Responder,
    private readonly limits: Pick<TcpSettings, "maxUnsentBytes" | "maxQueriesInFlight">,
    now: number,
  ) {
    this.lastActiveAt = now;
    this.lastFlushAt = now;
    this.onFlushed = (err) => this.flushed(err);
  }

  evictable(): boolean {
    return this.inFlight === 0;
  }

  /** Bytes from the socket: answer every whole message, keep the rest. */
  receive(chunk: Buffer): void {
    if (this.paused) {
      // Not expected once paused, but never lose bytes: keep them behind the unread rest.
      this.rest = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
      return;
    }
    const socket = this.socket;
    socket.cork(); // the answers to one chunk leave in one writev
    let at = 0;
    const end = chunk.length;
    while (at < end) {
      if (this.blocked()) {
        this.rest = chunk.subarray(at);
        this.paused = true;
        socket.pause();
        break;
      }
      const message = this.message;
      if (message) {
        const n = Math.min(message.length - this.filled, end - at);
        chunk.copy(message, this.filled, at, at + n);
        this.filled += n;
        at += n;
        if (this.filled === message.length) {
          this.message = null;
          this.answer(message);
        }
        continue;
      }
      let len: number;
      if (this.lengthHigh >= 0) {
        len = (this.lengthHigh << 8) | chunk[at++]!;
        this.lengthHigh = -1;
      } else if (at + 1 < end) {
        len = (chunk[at]! << 8) | chunk[at + 1]!;
        at += 2;
      } else {
        this.lengthHigh = chunk[at++]!;
        continue;
      }
      if (at + len <= end) {
        this.answer(chunk.subarray(at, at + len)); // whole in this chunk: no copy
        at += len;
      } else {
        this.message = Buffer.allocUnsafe(len);
        this.filled = end - at;
        chunk.copy(this.message, 0, at, end);
        at = end;
      }
    }
    // A message begun in this chunk and not finished: its deadline runs from now, and further
    // chunks do not restart it (a slowloris sending one octet at a time still meets it).
    if ((this.message !== null || this.lengthHigh >= 0) && this.messageStartedAt < 0) this.messageStartedAt = Date.now();
    socket.uncork();
  }

  private answer(msg: Buffer): void {
    const now = Date.now();
    this.messageStartedAt = -1;
    this.lastActiveAt = now;
    const out = this.respond(msg, "tcp", this.remote);
    if (!out) return;
    this.send(out);
    const rest = followingMessages(out); // a zone transfer's later messages
    if (rest) {
      this.pending = rest;
      this.pendingAt = 0;
      this.sendPending();
    }
  }

  /** Write a transfer's next messages while the unsent bytes stay within the bound. */
  private sendPending(): void {
    const rest = this.pending!;
    while (this.pendingAt < rest.length && this.socket.writableLength <= this.limits.maxUnsentBytes) this.send(rest[this.pendingAt++]!);
    if (this.pendingAt === rest.length) this.pending = null;
  }

  private send(out: Buffer): void {
    const frame = Buffer.allocUnsafe(2 + out.length);
    frame[0] = out.length >> 8;
    frame[1] = out.length & 0xff;
    frame.set(out, 2);
    this.inFlight++;
    this.socket.write(frame, this.onFlushed);
  }

  private blocked(): boolean {
    return (
      this.pending !== null || this.inFlight >= this.limits.maxQueriesInFlight || this.socket.writableLength > this.limits.maxUnsentBytes
    );
  }

  /** An answer reached the kernel: maybe read again (below half the bounds, so pauses are not one answer long). */
  private flushed(err?: Error | null): void {
    this.inFlight--;
    if (err) return; // the socket is gone; its close event cleans up
    const now = Date.now();
    this.lastFlushAt = now;
    this.lastActiveAt = now;
    if (this.socket.destroyed) return;
    if (this.pending && this.socket.writableLength <= this.limits.maxUnsentBytes >> 1) this.sendPending();
    if (!this.paused || this.pending) return;
    if (this.inFlight > this.limits.maxQueriesInFlight >> 1 || this.socket.writableLength > this.limits.maxUnsentBytes >> 1) return;
    this.paused = false;
    const rest = this.rest;
    this.rest = null;
    this.socket.resume();
    if (rest) this.receive(rest);
  }
}
