import { type Cookie, type Edns, encodeBareResponse, parseQuery, type QueryProblem, Rcode, type ResponseEdns } from "@dnsteer/wire";
import { compose } from "./compose.js";
import type { Handler, Peer, QueryContext, Reply, Transport } from "./handler.js";
import type { Snapshot } from "./snapshot.js";

export type Responder = (msg: Buffer, transport: Transport, remote: Peer) => Reply;

/** A last look at a reply the pre-parser made (FORMERR, NOTIMP) before it is sent: rate limiting. */
export type ProblemReplyLimit = (reply: Buffer, transport: Transport, remote: Peer, snapshot: Snapshot) => Reply;

/**
 * Our cookie in the OPT of such a reply (plugins/cookies cookiesForProblemReplies): writes
 * `edns.cookie`; whether the query's server cookie was valid (then the reply is not rate limited).
 */
export type ProblemReplyCookie = (cookie: Cookie, edns: ResponseEdns, remote: Peer, snapshot: Snapshot) => boolean;

export interface ResponderOptions {
  /** The handlers, in order: `buildChain()` (chain.ts) or a custom list. */
  chain: readonly Handler[];
  /** Called when a handler throws; the client gets SERVFAIL, the process keeps serving. */
  onError?: (err: unknown) => void;
  /** Replies to malformed queries skip the chain; RRL sees them here (plugins/rrl rrlForProblemReplies). */
  limitProblem?: ProblemReplyLimit;
  /** And the cookies plugin, so they carry our server cookie as every other reply does. */
  cookieProblem?: ProblemReplyCookie;
}

/**
 * Turn query bytes into response bytes (or silence). Transport-neutral and synchronous: the
 * UDP and TCP listeners and the tests all call this one function.
 */
export function createResponder(current: () => Snapshot, options: ResponderOptions): Responder {
  const run = compose(options.chain);
  const limitProblem = options.limitProblem;
  const cookieProblem = options.cookieProblem;
  return (msg, transport, remote) => {
    const query = parseQuery(msg);
    const snapshot = current();
    if ("kind" in query) {
      if (query.kind === "drop") return null;
      const edns = bareEdns(query.edns, snapshot);
      // As in the chain: our cookie when the query's OPT parsed whole, and no rate limit for a valid one.
      const cookie = edns && cookieProblem && optParsed(query) ? query.edns!.cookie : undefined;
      const cookieValid = cookie !== undefined && cookieProblem!(cookie, edns!, remote, snapshot);
      const reply = problemReply(msg, query, edns);
      return cookieValid || !limitProblem ? reply : limitProblem(reply, transport, remote, snapshot);
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

/** The OPT of an error reply: only when the query had one, with size and DO (and our cookie, set later). */
function bareEdns(edns: Edns | undefined, snapshot: Snapshot): ResponseEdns | undefined {
  return edns ? { udpSize: snapshot.settings.udpPayloadSize, extendedRcode: 0, dnssecOk: edns.dnssecOk, cookie: undefined } : undefined;
}

/**
 * Whether the problem's OPT parsed whole. The pre-parser hands on a FORMERR's OPT also when an
 * option in it is malformed ("EDNS option: ..."): that OPT is echoed bare, with no cookie (we
 * cannot trust a cookie read from it, RFC 7873 5.2.2).
 */
function optParsed(problem: NonDropProblem): boolean {
  return problem.kind === "notimp" || !problem.reason.startsWith(EDNS_OPTION_PROBLEM);
}
const EDNS_OPTION_PROBLEM = "EDNS option:";

type NonDropProblem = Exclude<QueryProblem, { kind: "drop" }>;

/** Replies to queries the pre-parser rejected (FACTS bad-input table). */
function problemReply(msg: Buffer, problem: NonDropProblem, edns: ResponseEdns | undefined): Buffer {
  // Opcode unknown to us: the question and OPT echoed when they parse, RD/CD not (as NSD and BIND).
  if (problem.kind === "notimp") return encodeBareResponse(msg, problem.questionEnd ?? 0, Rcode.NOTIMP, false, edns);
  return encodeBareResponse(msg, problem.questionEnd ?? 0, Rcode.FORMERR, true, edns);
}
