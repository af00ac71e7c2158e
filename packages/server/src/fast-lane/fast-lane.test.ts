import { copyKey, type SourceKey, type SourceLimits } from "@dnsteer/flow";
import { parseScopedAddressInto } from "@dnsteer/net";
import { DecisionMap } from "@dnsteer/steering";
import { nameToKey, parseName } from "@dnsteer/wire";
import { parseZone, ZoneSet } from "@dnsteer/zone";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TEST_ZONE } from "../../test/zone-fixture.js";
import { buildChain } from "../chain.js";
import { templateCacheCounts } from "../core/answer-template-cache.js";
import type { FlowSink } from "../core/flow-sink.js";
import type { Transport } from "../core/handler.js";
import { createResponder } from "../core/responder.js";
import { resolveSettings, type ServerSettingsInput } from "../core/settings.js";
import { createSnapshot } from "../core/snapshot.js";
import { type QueryTally, tallyHandler } from "../core/tally.js";
import { DnsCookies } from "../plugins/cookies/index.js";
import { SteeredAnswerCounts } from "../plugins/steer/answer-counts.js";
import { buildSteeringView } from "../plugins/steer/view.js";
import { FastLane } from "./fast-lane.js";

// The fast lane must answer exactly as the chain it stands in for: same bytes, same counts
// (flow tap, steered answers, template hits, tally). Every generated query goes to the fast
// lane first and then to the real chain (as a batch does for the lane's misses, and as the
// chain's templates appear); where the lane answered, the two must agree.

const ZONE = `${TEST_ZONE}
app     A     192.0.2.99
app     TXT   "steered name, other type"
alias   CNAME www
*.wild  A     192.0.2.77
`;

/** Records every flow count as text, so two lanes' counts compare as lists. */
class RecordingSink implements FlowSink {
  readonly limits: Readonly<SourceLimits> = { ecsMaxPrefix4: 24, ecsMaxPrefix6: 56, aggregatePrefix4: 24, aggregatePrefix6: 48 };
  readonly seen: string[] = [];
  private readonly copy = {} as SourceKey;
  recordQuery(source: SourceKey, group: number, nowMs: number): void {
    copyKey(this.copy, source);
    this.seen.push(`${JSON.stringify(this.copy)} g${group} t${nowMs}`);
  }
}

class RecordingTally implements QueryTally {
  readonly seen: string[] = [];
  count(transport: Transport, family: 4 | 6, qtype: number, rcode: number): void {
    this.seen.push(`${transport} ${family} ${qtype} ${rcode}`);
  }
}

function world(settings: ServerSettingsInput) {
  const snapshot = createSnapshot(new ZoneSet([parseZone(ZONE, { origin: "example.test." })]), resolveSettings(settings));
  const decisions = DecisionMap.from(
    ["p1", "p2", "p3"],
    [
      { prefix: "198.51.100.0", prefixLength: 24, provider: "p2" },
      { prefix: "198.51.100.128", prefixLength: 25, provider: "p3" },
      { prefix: "10.0.0.0", prefixLength: 8, provider: "p2" },
      { prefix: "2001:db8:aa::", prefixLength: 48, provider: "p2" },
    ],
  );
  const view = buildSteeringView({
    names: ["app.example.test."],
    providers: [
      { name: "p1", serviceA: ["203.0.113.80"], serviceAAAA: ["2001:db8:1::80"] },
      { name: "p2", serviceA: ["198.51.100.80", "198.51.100.81"], serviceAAAA: [] },
      { name: "p3", serviceA: [], serviceAAAA: ["2001:db8:3::80"] },
    ],
    decisions,
    defaultProvider: "p1",
    ttl: 30,
  });
  const sink = new RecordingSink();
  // One jar for both lanes, on a fixed clock (a cookie's timestamp is part of the reply's bytes).
  const cookies = new DnsCookies({ now: () => 1_796_000_000_000 });
  const answers = new SteeredAnswerCounts(["p1", "p2", "p3"]);
  const tally = new RecordingTally();
  const services = {
    cookies,
    steering: { current: () => view, answers },
    flow: { analyzer: sink, groups: new Map([[nameToKey(parseName("app.example.test.")), 0]]), now: () => 1000 },
  };
  const respond = createResponder(() => snapshot, {
    chain: [tallyHandler(tally), ...buildChain(services)],
    onError: (err) => {
      throw err;
    },
  });
  const lane = new FastLane(() => snapshot, { ...services, tally });
  return { respond, lane, sink, answers, tally, cookies };
}

// --- queries: mostly what resolvers send, with every field now and then off the common path

const NAMES = ["www", "WwW", "app", "APP", "app", "big", "nope", "alias", "x.wild", "mail", "", "ns1"];
const SOURCES = ["198.51.100.7", "198.51.100.200", "10.9.8.7", "192.0.2.1", "2001:db8:aa::1", "2001:db8:bb::1"];

interface Option {
  code: number;
  data: readonly number[];
}

const option: fc.Arbitrary<Option> = fc.oneof(
  fc.constant({ code: 3, data: [] as number[] }), // NSID asked
  fc.constant({ code: 3, data: [1] }), // malformed NSID
  fc.record({
    code: fc.constant(8),
    data: fc.oneof(
      fc.constantFrom(
        [0, 1, 24, 0, 198, 51, 100],
        [0, 1, 25, 0, 198, 51, 100, 128],
        [0, 1, 32, 0, 10, 1, 2, 3],
        [0, 1, 0, 0],
        [0, 2, 48, 0, 32, 1, 13, 184, 0, 170],
      ),
      fc.constantFrom([0, 1, 24, 5, 198, 51, 100], [0, 1, 23, 0, 198, 51, 101], [0, 3, 8, 0, 1], [0, 1, 40, 0, 1, 2, 3, 4, 5]),
    ),
  }),
  fc.constant({ code: 10, data: [1, 2, 3, 4, 5, 6, 7, 8] }), // a client cookie
  fc.record({ code: fc.constant(10), data: fc.array(fc.nat(255), { minLength: 16, maxLength: 40 }) }), // and a server cookie not ours
  fc.record({ code: fc.constant(10), data: fc.array(fc.nat(255), { minLength: 9, maxLength: 15 }) }), // malformed: FORMERR
  fc.constant({ code: 12, data: [0, 0, 0] }), // padding
);

/** Mostly `usual`, one time in `1 + odds` something else. */
const mostly = <T>(usual: fc.Arbitrary<T>, other: fc.Arbitrary<T>, odds = 8): fc.Arbitrary<T> =>
  fc.oneof({ arbitrary: usual, weight: odds }, { arbitrary: other, weight: 1 });

const queryArb: fc.Arbitrary<GeneratedQuery> = fc.record({
  id: fc.integer({ min: 0, max: 0xffff }),
  flags2: mostly(fc.constantFrom(0x01, 0x00), fc.integer({ min: 0, max: 255 })),
  flags3: mostly(fc.constantFrom(0x00, 0x10, 0x20), fc.integer({ min: 0, max: 255 })),
  name: fc.constantFrom(...NAMES),
  zone: mostly(fc.constant("example.test."), fc.constant("other.test."), 5),
  qtype: mostly(fc.constantFrom(1, 1, 28, 28, 16, 15, 2, 6), fc.constantFrom(255, 252, 251, 41, 0, 65)),
  qclass: mostly(fc.constant(1), fc.constantFrom(3, 255, 4)),
  edns: fc.option(
    fc.record({
      udpSize: fc.constantFrom(0, 512, 1232, 1400, 4096, 65535),
      version: mostly(fc.constant(0), fc.constant(1)),
      extRcode: mostly(fc.constant(0), fc.constant(3)),
      dnssecOk: fc.boolean(),
      options: mostly<readonly Option[]>(fc.constant([]), fc.array(option, { minLength: 1, maxLength: 2 }), 2),
      owner: mostly(fc.constant(0), fc.constant(1)),
    }),
  ),
  tail: mostly(fc.constant(0), fc.constant(1)),
  source: fc.constantFrom(...SOURCES),
  // Now and then over TCP, to the chain only: templates made there (ANY, big answers) must not
  // let the lane answer what UDP answers differently.
  tcp: mostly(fc.constant(false), fc.constant(true), 4),
});

interface GeneratedQuery {
  id: number;
  flags2: number;
  flags3: number;
  name: string;
  zone: string;
  qtype: number;
  qclass: number;
  edns: { udpSize: number; version: number; extRcode: number; dnssecOk: boolean; options: readonly Option[]; owner: number } | null;
  tail: number;
  source: string;
  tcp: boolean;
}

function encode(q: GeneratedQuery): Buffer {
  const bytes: number[] = [q.id >> 8, q.id & 0xff, q.flags2, q.flags3, 0, 1, 0, 0, 0, 0, 0, q.edns ? 1 : 0];
  for (const label of `${q.name ? `${q.name}.` : ""}${q.zone}`.split(".").filter(Boolean)) {
    bytes.push(label.length, ...Buffer.from(label, "latin1"));
  }
  bytes.push(0, q.qtype >> 8, q.qtype & 0xff, q.qclass >> 8, q.qclass & 0xff);
  if (q.edns) {
    const e = q.edns;
    const rdata = e.options.flatMap((o) => [0, o.code, o.data.length >> 8, o.data.length & 0xff, ...o.data]);
    if (e.owner) bytes.push(1, 0x61);
    bytes.push(0, 0, 41, e.udpSize >> 8, e.udpSize & 0xff, e.extRcode, e.version, e.dnssecOk ? 0x80 : 0, 0);
    bytes.push(rdata.length >> 8, rdata.length & 0xff, ...rdata);
  }
  if (q.tail) bytes.push(0);
  return Buffer.from(bytes);
}

/** www.example.test A from 192.0.2.1 with RD, no OPT: what the rows below vary. */
const PLAIN: GeneratedQuery = {
  id: 9,
  flags2: 1,
  flags3: 0,
  name: "www",
  zone: "example.test.",
  qtype: 1,
  qclass: 1,
  edns: null,
  tail: 0,
  source: "192.0.2.1",
  tcp: false,
};

/** An OPT of version 0, 1232 octets, DO off, with these options. */
function withOptions(...options: Option[]): NonNullable<GeneratedQuery["edns"]> {
  return { udpSize: 1232, version: 0, extRcode: 0, dnssecOk: false, options, owner: 0 };
}

/** Every counter the two lanes touch, as it is now. */
function countersOf(w: ReturnType<typeof world>) {
  return {
    flow: w.sink.seen.length,
    tally: w.tally.seen.length,
    answers: [...w.answers.counts],
    templates: [...templateCacheCounts],
    cookies: { ...w.cookies.stats },
  };
}

/** What was counted since `then`: the flow and tally lines themselves, the rest as differences. */
function countedSince(w: ReturnType<typeof world>, then: ReturnType<typeof countersOf>) {
  const s = w.cookies.stats;
  const c = then.cookies;
  return {
    flow: w.sink.seen.slice(then.flow),
    tally: w.tally.seen.slice(then.tally),
    answers: [...w.answers.counts].map((n, i) => n - (then.answers[i] ?? 0)),
    templates: [...templateCacheCounts].map((n, i) => n - then.templates[i]!),
    cookies: [s.clientOnly - c.clientOnly, s.valid - c.valid, s.invalid - c.invalid, s.badCookie - c.badCookie],
  };
}

function runBoth(w: ReturnType<typeof world>, q: GeneratedQuery, counts: { fast: number }): Buffer | null {
  const msg = encode(q);
  const family = q.source.includes(":") ? 6 : 4;
  if (q.tcp) return w.respond(msg, "tcp", { address: q.source, port: 5353, family });
  const source = new Uint8Array(16);
  parseScopedAddressInto(q.source, source);
  // The query at an offset in a bigger buffer, as in the ring; the reply elsewhere in another.
  const ring = new Uint8Array(msg.length + 100);
  ring.set(msg, 37);
  const out = new Uint8Array(5000);
  const before = countersOf(w);
  const n = w.lane.answer(ring, 37, msg.length, family, source, 0, out, 101, 4096);
  const lane = countedSince(w, before);
  const mid = countersOf(w);
  const reply = w.respond(msg, "udp", { address: q.source, port: 5353, family });
  if (n === 0) {
    expect(lane.flow.length + lane.tally.length, "a query the lane passed on left no count").toBe(0);
    expect(
      [...lane.answers, ...lane.templates, ...lane.cookies].every((c) => c === 0),
      "nor any other",
    ).toBe(true);
    return reply;
  }
  counts.fast++;
  const chain = countedSince(w, mid);
  expect(reply, "the chain answered too").not.toBeNull();
  expect(Buffer.from(out.subarray(101, 101 + n)).toString("hex"), "the same bytes").toBe(reply!.toString("hex"));
  expect(lane).toEqual(chain);
  return reply;
}

describe("fast lane", () => {
  for (const [title, settings, answeredAtLeast] of [
    ["defaults", {}, 500],
    ["NSID, a larger payload size", { nsid: Buffer.from("edge-7"), udpPayloadSize: 4096 }, 500],
    ["no zone templates: steered answers only", { templateCacheEntries: 0 }, 50],
  ] as const) {
    it(`answers as the chain does, byte for byte and count for count (${title})`, () => {
      const w = world(settings);
      const counts = { fast: 0 };
      fc.assert(
        fc.property(fc.array(queryArb, { minLength: 20, maxLength: 60 }), (queries) => {
          for (const q of queries) runBoth(w, q, counts);
        }),
        { numRuns: 150, seed: 7 },
      );
      // The lane must have answered a good share: otherwise the comparison proves nothing.
      expect(counts.fast).toBeGreaterThan(answeredAtLeast);
    });
  }

  it("passes everything on while rate limiting is on (RRL accounts every reply)", () => {
    const w = world({ rrl: { enabled: true } });
    const counts = { fast: 0 };
    fc.assert(
      fc.property(fc.array(queryArb, { minLength: 20, maxLength: 40 }), (queries) => {
        for (const q of queries) runBoth(w, q, counts);
      }),
      { numRuns: 30, seed: 11 },
    );
    expect(counts.fast).toBe(0);
  });

  it("answers a query with our valid server cookie as the chain does: the same cookie back, counted valid", () => {
    const w = world({});
    const counts = { fast: 0 };
    const client = [9, 8, 7, 6, 5, 4, 3, 2];
    const withCookie = (data: number[]): GeneratedQuery => ({ ...PLAIN, edns: withOptions({ code: 10, data }), source: "2001:db8:aa::1" });
    const first = runBoth(w, withCookie(client), counts)!; // the chain: template, and our cookie
    const ours = [...first.subarray(first.length - 16)];
    for (let i = 0; i < 3; i++) runBoth(w, withCookie([...client, ...ours]), counts);
    expect(counts.fast).toBe(3); // the first query taught the lane the name, the chain made the template
    expect(w.cookies.stats).toMatchObject({ clientOnly: 1, valid: 6, invalid: 0 }); // each of the three: by the lane, then by the chain
  });

  it("answers a steered name by the ECS subnet, with the decision's scope", () => {
    const w = world({});
    const q: GeneratedQuery = { ...PLAIN, name: "app", edns: withOptions({ code: 8, data: [0, 1, 25, 0, 198, 51, 100, 128] }) };
    const counts = { fast: 0 };
    runBoth(w, q, counts); // the chain makes p3's template (p3 has no A: the zone's own)
    runBoth(w, { ...q, edns: { ...q.edns!, options: [{ code: 8, data: [0, 1, 24, 0, 198, 51, 100] }] } }, counts);
    runBoth(w, { ...q, edns: { ...q.edns!, options: [{ code: 8, data: [0, 1, 24, 0, 198, 51, 100] }] } }, counts);
    expect(counts.fast).toBe(1);
    // p2: the second query by the chain (the lane had no template yet), the third by both.
    expect(w.answers.of(2, true)).toBe(3);
  });
});

describe("fast lane, what it leaves to the chain", () => {
  const base = PLAIN;
  const edns = withOptions();

  for (const [title, query, after, settings] of <Array<[string, GeneratedQuery, GeneratedQuery, ServerSettingsInput?]>>[
    ["ANY: minimal over UDP (RFC 8482), whole from TCP's template", { ...base, qtype: 255 }, { ...base, qtype: 255, tcp: true }],
    ["an answer over 512 without EDNS: truncated", { ...base, name: "big", qtype: 16 }, { ...base, name: "big", qtype: 16, edns }],
    [
      "a COOKIE option while cookies are required over UDP: BADCOOKIE is the plugin's",
      { ...base, edns: { ...edns, options: [{ code: 10, data: [1, 2, 3, 4, 5, 6, 7, 8] }] } },
      base,
      { cookies: { requireForUdp: true } },
    ],
    ["EDNS version 1: BADVERS", { ...base, edns: { ...edns, version: 1 } }, base],
    ["class CH", { ...base, qclass: 3 }, base],
  ]) {
    it(title, () => {
      const w = world(settings ?? {});
      const counts = { fast: 0 };
      const others = { fast: 0 };
      // The template the chain makes (over TCP or UDP), then the query itself, three times.
      for (const q of [after, after, query, after, query, query]) runBoth(w, q, q === query ? counts : others);
      expect(counts.fast, "answered by the lane").toBe(0);
      // While the plain query of the same name is the lane's.
      runBoth(w, base, others);
      runBoth(w, base, counts);
      expect(counts.fast).toBe(1);
    });
  }
});
