import { type Edns, encodeBareResponse, parseQuery, type QueryProblem, Rcode, type ResponseEdns } from "@dnsteer/wire";
import { compose } from "./compose.js";
import type { Handler, Peer, QueryContext, Reply, Transport } from "./handler.js";
import type { Snapshot } from "./snapshot.js";

export type Responder = (msg: Buffer, transport: Transport, remote: Peer) => Reply;

/** A last look at a reply the pre-parser made (FORMERR, NOTIMP) before it is sent: rate limiting. */
export type ProblemReplyLimit = (reply: Buffer, transport: Transport, remote: Peer, snapshot: Snapshot) => Reply;

export interface ResponderOptions {
  /** The handlers, in order: `buildChain()` (chain.ts) or a custom list. */
  chain: readonly Handler[];
  /** Called when a handler throws; the client gets SERVFAIL, the process keeps serving. */
  onError?: (err: unknown) => void;
  /** Replies to malformed queries skip the chain; RRL sees them here (plugins/rrl rrlForProblemReplies). */
  limitProblem?: ProblemReplyLimit;
}

/**
 * Turn query bytes into response bytes (or silence). Transport-neutral and synchronous: the
 * UDP and TCP listeners and the tests all call this one function.
 */
export function createResponder(current: () => Snapshot, options: ResponderOptions): Responder {
  const run = compose(options.chain);
  const limitProblem = options.limitProblem;
  return (msg, transport, remote) => {
    const query = parseQuery(msg);
    const snapshot = current();
    if ("kind" in query) {
      const reply = problemReply(msg, query, snapshot);
      return reply === null || !limitProblem ? reply : limitProblem(reply, transport, remote, snapshot);
    }
    const { settings } = snapshot;
    let edns: ResponseEdns | undefined;
    let limit = 512;
    if (query.edns) {
      const ecs = query.edns.clientSubnet;
      edns = {
        udpSize: settings.udpPayloadSize,
        extendedRcode: 0,
        dnssecOk: query.edns.dnssecOk,
        nsid: query.edns.nsidRequested ? settings.nsid : undefined,
        // RFC 7871 7.2.1: echo the subnet; scope 0 = the answer does not depend on it.
        clientSubnet: ecs ? { ...ecs, scopePrefix: 0 } : undefined,
        cookie: undefined, // the cookies plugin's to set: present from the start, one object shape
      };
      limit = Math.min(query.edns.udpSize, settings.udpPayloadSize);
    }
    if (transport === "tcp") limit = 65535;
    const ctx: QueryContext = { msg, query, transport, remote, limit, edns, snapshot, serverCookieValid: false };
    try {
      return run(ctx);
    } catch (err) {
      options.onError?.(err);
      return encodeBareResponse(msg, query.questionEnd, Rcode.SERVFAIL, true, edns);
    }
  };
}

/** The OPT of an error reply: only when the query had one, with nothing but size and DO. */
function bareEdns(edns: Edns | undefined, snapshot: Snapshot): ResponseEdns | undefined {
  return edns ? { udpSize: snapshot.settings.udpPayloadSize, extendedRcode: 0, dnssecOk: edns.dnssecOk } : undefined;
}

/** Replies to queries the pre-parser rejected (FACTS bad-input table). */
function problemReply(msg: Buffer, problem: QueryProblem, snapshot: Snapshot): Reply {
  switch (problem.kind) {
    case "drop":
      return null;
    case "notimp":
      // Opcode unknown to us: the question and OPT echoed when they parse, RD/CD not (as NSD and BIND).
      return encodeBareResponse(msg, problem.questionEnd ?? 0, Rcode.NOTIMP, false, bareEdns(problem.edns, snapshot));
    case "formerr":
      return encodeBareResponse(msg, problem.questionEnd ?? 0, Rcode.FORMERR, true, bareEdns(problem.edns, snapshot));
  }
}
