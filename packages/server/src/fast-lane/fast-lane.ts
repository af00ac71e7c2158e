import { type ClientSubnetLike, identifySourceBytes, SourceKey } from "@dnsteer/flow";
import { RRClass, RRType } from "@dnsteer/wire";
import { copyTemplate, countOneMoreAdditional } from "../core/answer-template.js";
import { STEERED_HIT, templateCacheCounts, ZONE_HIT } from "../core/answer-template-cache.js";
import type { Snapshot } from "../core/snapshot.js";
import type { QueryTally } from "../core/tally.js";
import type { DnsCookies } from "../plugins/cookies/index.js";
import { type FlowService, flowClock } from "../plugins/flow/index.js";
import type { SteeringService } from "../plugins/steer/index.js";
import { providerForAddressBytes, providerForSubnet, steeredAddresses } from "../plugins/steer/view.js";
import { NameInterner } from "./name-interner.js";
import { readSimpleQuery, SimpleQuery } from "./simple-query.js";

/** What the fast lane reads: the services of the chain it stands in for, and the server's tally. */
export interface FastLaneServices {
  steering?: SteeringService;
  flow?: FlowService;
  /** The chain's cookie jar (its secrets and counters); without it, queries with a COOKIE option take the full path. */
  cookies?: DnsCookies;
  tally?: QueryTally;
}

/**
 * The chain of chain.ts for the queries most of a server's traffic is — a simple query (see
 * simple-query.ts) for a name and type the chain has already answered once — done on the
 * bytes in the receive buffer and written straight into the send buffer, allocating nothing:
 * no query view, no Query, no context, no OPT objects, no reply Buffer.
 *
 * It answers only when the chain would answer from an answer template, and then exactly as
 * the chain does (the differential test compares them byte for byte and counter for counter):
 * rrl off (its accounting sees every reply); a COOKIE option checked, counted and answered
 * with ours by the chain's own jar (unless cookies are required over UDP: BADCOOKIE); EDNS
 * version 0 (BADVERS); class IN (chaos, class); no ANY, AXFR or IXFR (any, xfr); then the flow
 * tap, then a steered name's template for the provider chosen for the ECS subnet or the
 * resolver (steer), else the zone answer's template (cache). Everything else — a miss, an
 * answer that must be truncated, any other query, every malformed one — returns 0 and the
 * caller runs the full responder, which also makes the templates this lane reads.
 */
export class FastLane {
  private readonly query = new SimpleQuery();
  private readonly names = new NameInterner();
  private readonly sourceKey = new SourceKey();
  private readonly subnet: ClientSubnetLike;
  private readonly now: () => number;
  private readonly steering?: SteeringService;
  private readonly flow?: FlowService;
  private readonly tally?: QueryTally;
  private readonly cookies?: DnsCookies;

  constructor(
    private readonly current: () => Snapshot,
    services: FastLaneServices,
  ) {
    this.steering = services.steering;
    this.flow = services.flow;
    this.tally = services.tally;
    this.cookies = services.cookies;
    this.now = this.flow ? flowClock(this.flow) : Date.now;
    this.subnet = { family: 0, sourcePrefix: 0, address: this.query.ecsBytes };
  }

  /**
   * Answers the query at bytes[start, start + length), from a `family` source whose address
   * octets are at source[sourceOffset], writing the reply at reply[out, out + room) (the batch
   * path passes its one ring buffer for all three). Returns the reply's length, or 0: not
   * answered here, run the full responder.
   */
  answer(
    bytes: Uint8Array,
    start: number,
    length: number,
    family: 4 | 6,
    source: Uint8Array,
    sourceOffset: number,
    reply: Uint8Array,
    out: number,
    room: number,
  ): number {
    const q = this.query;
    if (!readSimpleQuery(bytes, start, length, q)) return 0;
    const qtype = q.qtype;
    if (q.qclass !== RRClass.IN || qtype === RRType.ANY || qtype === RRType.AXFR || qtype === RRType.IXFR) return 0;
    const snapshot = this.current();
    const settings = snapshot.settings;
    if (settings.rrl.enabled) return 0;
    const key = this.names.find(bytes, start + 12, q.qnameEnd);
    if (key === undefined) {
      this.names.intern(bytes, start + 12, q.qnameEnd); // the next query of this name is found
      return 0;
    }

    // steer: a steered name's A/AAAA from its provider's template; otherwise cache's template.
    let template: Buffer | undefined;
    let scope = 0;
    let steeredProvider = -2;
    const steering = this.steering;
    const view = steering && (qtype === RRType.A || qtype === RRType.AAAA) ? steering.current() : undefined;
    if (view?.names.has(key)) {
      let provider: number;
      if (q.ecsFamily !== 0 && q.ecsSource > 0) {
        provider = providerForSubnet(view, q.ecsFamily === 1 ? 4 : 6, q.ecsBytes, q.ecsSource);
        scope = view.decisions.scopeLength;
      } else provider = providerForAddressBytes(view, family, source, sourceOffset);
      if (steeredAddresses(view, provider, qtype).length === 0) return 0;
      template = view.steeredAnswerTemplates.get(key)?.[provider * 2 + (qtype === RRType.A ? 0 : 1)];
      steeredProvider = provider;
    } else if (snapshot.zoneAnswerTemplates.enabled) {
      template = snapshot.zoneAnswerTemplates.peek(qtype, key);
    }
    if (template === undefined) return 0;
    // cookies: ours in the reply (4 + 8 + 16 octets) when the query has one and they are on;
    // a cookie required over UDP may make BADCOOKIE, which is the plugin's to say.
    const cookie = q.cookieLength !== 0 && settings.cookies.enabled;
    if (cookie && (this.cookies === undefined || settings.cookies.requireForUdp)) return 0;
    const nsid = q.nsidRequested ? settings.nsid : undefined;
    const ecsOctets = (q.ecsSource + 7) >> 3;
    const optLength = q.hasOpt ? 11 + (nsid ? 4 + nsid.length : 0) + (q.ecsFamily !== 0 ? 8 + ecsOctets : 0) + (cookie ? 28 : 0) : 0;
    const limit = q.hasOpt ? Math.min(q.udpSize, settings.udpPayloadSize) : 512;
    const total = template.length + optLength;
    if (total > limit || total > room) return 0; // truncation is the full path's

    // Answered here: the chain's side effects, in its order.
    if (cookie) this.cookies!.stampWire(settings.cookies, bytes, q.cookieAt, q.cookieLength, family, source, sourceOffset);
    const flow = this.flow;
    const group = flow?.groups.get(key);
    if (group !== undefined) {
      this.subnet.family = q.ecsFamily;
      this.subnet.sourcePrefix = q.ecsSource;
      const subnet = q.ecsFamily !== 0 ? this.subnet : undefined;
      identifySourceBytes(this.sourceKey, source, sourceOffset, family === 4 ? 4 : 16, subnet, flow!.analyzer.limits);
      flow!.analyzer.recordQuery(this.sourceKey, group, this.now());
    }
    if (steeredProvider !== -2) {
      steering!.answers?.count(view!, steeredProvider, qtype === RRType.A);
      templateCacheCounts[STEERED_HIT]!++;
    } else templateCacheCounts[ZONE_HIT]!++;

    copyTemplate(template, bytes, start, q.questionEnd - start, reply, out);
    if (q.hasOpt) {
      countOneMoreAdditional(reply, out);
      writeOpt(reply, out + template.length, settings.udpPayloadSize, q, nsid, scope, cookie ? this.cookies!.replyOption : undefined);
    }
    this.tally?.count("udp", family, qtype, template[3]! & 0x0f);
    return total;
  }
}

/** The responder's OPT (wire writeOptRecord's layout): our payload size, DO echoed, NSID, ECS with `scope`, COOKIE. */
function writeOpt(
  bytes: Uint8Array,
  at: number,
  udpSize: number,
  q: SimpleQuery,
  nsid: Uint8Array | undefined,
  scope: number,
  cookie: Uint8Array | undefined,
): void {
  bytes[at] = 0;
  bytes[at + 1] = 0;
  bytes[at + 2] = RRType.OPT;
  bytes[at + 3] = udpSize >> 8;
  bytes[at + 4] = udpSize & 0xff;
  bytes[at + 5] = 0;
  bytes[at + 6] = 0;
  bytes[at + 7] = q.dnssecOk ? 0x80 : 0;
  bytes[at + 8] = 0;
  let p = at + 11;
  if (nsid) {
    p = optionHeader(bytes, p, 3, nsid.length);
    bytes.set(nsid, p);
    p += nsid.length;
  }
  if (q.ecsFamily !== 0) {
    const octets = (q.ecsSource + 7) >> 3;
    p = optionHeader(bytes, p, 8, 4 + octets);
    bytes[p] = 0;
    bytes[p + 1] = q.ecsFamily;
    bytes[p + 2] = q.ecsSource;
    bytes[p + 3] = scope;
    for (let i = 0; i < octets; i++) bytes[p + 4 + i] = q.ecsBytes[i]!;
    p += 4 + octets;
  }
  if (cookie) {
    p = optionHeader(bytes, p, 10, cookie.length);
    bytes.set(cookie, p);
    p += cookie.length;
  }
  const rdlength = p - at - 11;
  bytes[at + 9] = rdlength >> 8;
  bytes[at + 10] = rdlength & 0xff;
}

function optionHeader(bytes: Uint8Array, at: number, code: number, length: number): number {
  bytes[at] = code >> 8;
  bytes[at + 1] = code & 0xff;
  bytes[at + 2] = length >> 8;
  bytes[at + 3] = length & 0xff;
  return at + 4;
}
