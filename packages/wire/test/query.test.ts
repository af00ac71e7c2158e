import { describe, expect, it } from "vitest";
import { keyToName, parseQuery, type Query, type QueryProblem } from "../src/query.js";
import { buildQuery, opt } from "./build-query.js";

const ecs = (family: number, source: number, scope: number, addr: number[]) => [0, family, source, scope, ...addr];

function problem(msg: Buffer): QueryProblem {
  const r = parseQuery(msg);
  if (!("kind" in r)) throw new Error("expected a problem, got a query");
  return r;
}

function query(msg: Buffer): Query {
  const r = parseQuery(msg);
  if ("kind" in r) throw new Error(`expected a query, got ${JSON.stringify(r)}`);
  return r;
}

describe("parseQuery: good queries", () => {
  it("reads the question and builds a lowercase key", () => {
    const q = query(buildQuery({ name: "WwW.Example.TEST.", qtype: 28 }));
    expect(q.qtype).toBe(28);
    expect(q.qclass).toBe(1);
    expect(keyToName(q.key)).toBe("www.example.test.");
    expect(q.questionEnd).toBe(12 + 18 + 4);
    expect(q.edns).toBeUndefined();
  });

  it("reads OPT: size floor 512, DO, version, NSID, a valid ECS and cookie", () => {
    const tail = opt(
      [
        [3, []],
        [8, ecs(1, 24, 0, [192, 0, 2])],
        [10, Array(8).fill(7)],
      ],
      100,
      0,
      true,
    );
    const q = query(buildQuery({ tail }));
    expect(q.edns).toMatchObject({ udpSize: 512, version: 0, dnssecOk: true, nsidRequested: true });
    expect(q.edns?.clientSubnet).toMatchObject({ family: 1, sourcePrefix: 24, scopePrefix: 0 });
    expect(Array.from(q.edns!.clientSubnet!.address)).toEqual([192, 0, 2]);
    expect(q.edns?.cookie?.client.length).toBe(8);
  });

  it("keeps unknown options without failing", () => {
    const q = query(buildQuery({ tail: opt([[65001, [1, 2]]]) }));
    expect(q.edns?.options.map((o) => [o.code, Array.from(o.data)])).toEqual([[65001, [1, 2]]]);
  });

  it("accepts the root name and skips answer records in a query", () => {
    expect(keyToName(query(buildQuery({ name: "." })).key)).toBe(".");
    const rr = Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 1, 0, 4, 1, 2, 3, 4]);
    expect(query(buildQuery({ tail: rr, ancount: 1, arcount: 0 })).qtype).toBe(1);
  });

  it("lowercases only ASCII letters in the key", () => {
    const msg = buildQuery({ name: "a\\200B.test." });
    expect(keyToName(query(msg).key)).toBe("a\\200b.test.");
  });
});

describe("parseQuery: bad input (FACTS table)", () => {
  const cases: Array<[string, Buffer, string, string?]> = [
    ["shorter than a header", Buffer.alloc(11), "drop"],
    ["QR set", buildQuery({ flags: 0x8100 }), "drop"],
    ["opcode STATUS", buildQuery({ flags: 0x1100 }), "notimp"],
    ["QDCOUNT 0", buildQuery({ qdcount: 0 }), "formerr", "no question"],
    ["QDCOUNT 2", buildQuery({ qdcount: 2 }), "formerr", "more than one question"],
    ["question cut off", buildQuery().subarray(0, 20), "formerr", "question name runs past the end"],
    ["qtype/qclass cut off", buildQuery().subarray(0, 32), "formerr", "question cut off"],
    [
      "pointer in question",
      Buffer.concat([buildQuery({ qdcount: 0 }).subarray(0, 12), Buffer.from([0xc0, 0x0c, 0, 1, 0, 1])]).fill(1, 5, 6),
      "formerr",
      "compression pointer in question",
    ],
    [
      "label type 0x40",
      Buffer.concat([buildQuery({ qdcount: 0 }).subarray(0, 12), Buffer.from([0x41, 0, 0, 1, 0, 1])]).fill(1, 5, 6),
      "formerr",
      "reserved label type",
    ],
    [
      "name over 255 octets",
      buildQuery({ qnameWire: Buffer.concat([...Array(5).fill(Buffer.from([63, ...Array(63).fill(97)])), Buffer.from([0])]) }),
      "formerr",
    ],
    ["ARCOUNT larger than the data", buildQuery({ arcount: 1 }), "formerr", "bad record name"],
    ["two OPT records", buildQuery({ tail: Buffer.concat([opt(), opt()]), arcount: 2 }), "formerr", "more than one OPT record"],
    ["OPT owner not root", buildQuery({ tail: opt([], 1232, 0, false, [1, 0x61, 0]) }), "formerr", "OPT owner is not the root"],
    ["OPT rdata overrun", buildQuery({ tail: opt([[3, []]]).subarray(0, 13) }), "formerr"],
    [
      "option length overrun",
      buildQuery({ tail: Buffer.concat([opt().subarray(0, 9), Buffer.from([0, 4, 0, 8, 0, 9])]) }),
      "formerr",
      "EDNS option: OPTION_OVERRUN",
    ],
    ["ECS source prefix too long", buildQuery({ tail: opt([[8, ecs(1, 33, 0, [1, 2, 3, 4, 5])]]) }), "formerr", "EDNS option: ECS_PREFIX"],
    ["ECS extra address octets", buildQuery({ tail: opt([[8, ecs(1, 16, 0, [192, 0, 2])]]) }), "formerr", "EDNS option: ECS_ADDRESS"],
    ["ECS bits past the prefix", buildQuery({ tail: opt([[8, ecs(1, 23, 0, [192, 0, 3])]]) }), "formerr", "EDNS option: ECS_ADDRESS"],
    ["ECS scope not zero", buildQuery({ tail: opt([[8, ecs(1, 24, 24, [192, 0, 2])]]) }), "formerr", "EDNS option: ECS_SCOPE"],
    ["ECS unknown family", buildQuery({ tail: opt([[8, ecs(3, 0, 0, [])]]) }), "formerr", "EDNS option: ECS_FAMILY"],
    ["COOKIE 7 octets", buildQuery({ tail: opt([[10, Array(7).fill(1)]]) }), "formerr", "EDNS option: COOKIE_LENGTH"],
    ["COOKIE 9 octets", buildQuery({ tail: opt([[10, Array(9).fill(1)]]) }), "formerr", "EDNS option: COOKIE_LENGTH"],
    ["COOKIE 41 octets", buildQuery({ tail: opt([[10, Array(41).fill(1)]]) }), "formerr", "EDNS option: COOKIE_LENGTH"],
    ["trailing bytes", Buffer.concat([buildQuery(), Buffer.from([1, 2])]), "formerr", "trailing data after the last record"],
    ["qtype OPT", buildQuery({ qtype: 41 }), "formerr", "OPT as question type"],
  ];
  for (const [label, msg, kind, reason] of cases) {
    it(`${label} -> ${kind}`, () => {
      const p = problem(msg);
      expect(p.kind).toBe(kind);
      if (reason) expect(p).toMatchObject({ reason });
    });
  }

  it("a 64 KB pointer chain in the additional section is rejected without following it", () => {
    const chain = Buffer.alloc(60000);
    for (let i = 0; i < chain.length; i += 2) chain.writeUInt16BE(0xc000 | (12 + i), i);
    const p = problem(buildQuery({ tail: chain, arcount: 1 }));
    expect(p.kind).toBe("formerr");
  });

  it("keeps the question end and EDNS for a FORMERR caused by an option", () => {
    const p = problem(buildQuery({ tail: opt([[10, [1]]]) }));
    expect(p).toMatchObject({ kind: "formerr", questionEnd: 34 });
    expect(p.kind === "formerr" && p.edns?.udpSize).toBe(1232);
  });
});

describe("nameToKey", () => {
  it("gives the key a query for that name gets, in any case", async () => {
    const { nameToKey } = await import("../src/query.js");
    const q = query(buildQuery({ name: "WWW.Example.Test.", qtype: 1 }));
    expect(nameToKey("www.example.test.")).toBe(q.key);
    expect(keyToName(nameToKey("a\\.b.example.test."))).toBe("a\\.b.example.test.");
  });
});
