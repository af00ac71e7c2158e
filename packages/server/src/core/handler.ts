import type { Query, ResponseEdns } from "@dnsteer/wire";
import type { Snapshot } from "./snapshot.js";

export type Transport = "udp" | "tcp";

export interface Peer {
  address: string;
  port: number;
  family: 4 | 6;
}

/** Everything a handler may read about one query. Handlers do not keep it after returning. */
export interface QueryContext {
  /** The query bytes as received. */
  msg: Buffer;
  query: Query;
  transport: Transport;
  remote: Peer;
  /** Largest response allowed: the client's EDNS buffer (min 512, capped by ours) or 65535 on TCP. */
  limit: number;
  /** The OPT record to answer with, when the query had one. */
  edns?: ResponseEdns;
  /** The data this query is answered from; a reload swaps it between queries, never during one. */
  snapshot: Snapshot;
  /**
   * Set by the cookies plugin: the query brought a server cookie we made for this client, and
   * recently (RFC 7873 5.2.5), so its source address is not spoofed (rate limiting exempts it).
   */
  serverCookieValid: boolean;
}

/** What a handler returns: the response bytes, or null to send nothing. */
export type Reply = Buffer | null;

/** The rest of the chain after a handler. */
export type Next = (ctx: QueryContext) => Reply;

/**
 * The one handler contract (CoreDNS's plugin.Handler, synchronous): answer, or call
 * `next(ctx)` to let the rest of the chain answer. The chain order lives in chain.ts.
 */
export type Handler = (ctx: QueryContext, next: Next) => Reply;
