import { describe, expect, it } from "vitest";
import { type Case, chainUnderTest } from "../../../test/case.js";
import { defaultRrlSettings, type RrlSettings } from "../../core/settings.js";
import { ResponseRateLimiter, type RrlEvent } from "./index.js";

/**
 * Rate limiting through the real chain, with a stopped clock (every response of a row comes
 * at the same instant, so no credit returns mid-burst). Each row: a burst of queries, and how
 * many were answered, slipped (TC=1, no records) and dropped.
 */
const base: Partial<RrlSettings> = {
  enabled: true,
  responsesPerSecond: 5,
  nxdomainsPerSecond: 5,
  referralsPerSecond: 5,
  errorsPerSecond: 5,
  slip: 2,
  exempt: [],
};

interface Row {
  label: string;
  rrl?: Partial<RrlSettings>;
  /** The queries, in order; `n` copies of each. */
  queries: Array<Partial<Case> & { n: number }>;
  answered: number;
  slipped: number;
  dropped: number;
}

const rows: Row[] = [
  {
    label: "a burst of 12 answers to one source: 5 pass, then every 2nd is slipped, the rest dropped",
    queries: [{ qname: "www.example.test.", n: 12 }],
    answered: 5,
    slipped: 3,
    dropped: 4,
  },
  {
    label: "slip 1: every limited response is slipped",
    rrl: { slip: 1 },
    queries: [{ qname: "www.example.test.", n: 12 }],
    answered: 5,
    slipped: 7,
    dropped: 0,
  },
  {
    label: "slip 0: every limited response is dropped",
    rrl: { slip: 0 },
    queries: [{ qname: "www.example.test.", n: 12 }],
    answered: 5,
    slipped: 0,
    dropped: 7,
  },
  {
    label: "log only: every response is sent",
    rrl: { logOnly: true },
    queries: [{ qname: "www.example.test.", n: 12 }],
    answered: 12,
    slipped: 0,
    dropped: 0,
  },
  {
    label: "off (the default): every response is sent",
    rrl: { enabled: defaultRrlSettings.enabled },
    queries: [{ qname: "www.example.test.", n: 12 }],
    answered: 12,
    slipped: 0,
    dropped: 0,
  },
  {
    label: "TCP is never limited",
    queries: [{ qname: "www.example.test.", transport: "tcp", n: 12 }],
    answered: 12,
    slipped: 0,
    dropped: 0,
  },
  {
    label: "an exempt source is never limited",
    rrl: { exempt: ["192.0.2.0/24"] },
    queries: [{ qname: "www.example.test.", from: "192.0.2.9", n: 12 }],
    answered: 12,
    slipped: 0,
    dropped: 0,
  },
  {
    label: "loopback is exempt by default",
    rrl: { exempt: defaultRrlSettings.exempt },
    queries: [{ qname: "www.example.test.", from: "127.0.0.1", n: 12 }],
    answered: 12,
    slipped: 0,
    dropped: 0,
  },
  {
    label: "answers are counted per name and type: different ones do not share a budget",
    queries: [
      { qname: "www.example.test.", n: 5 },
      { qname: "www.example.test.", qtype: "AAAA", n: 5 },
      { qname: "mail.example.test.", n: 5 },
    ],
    answered: 15,
    slipped: 0,
    dropped: 0,
  },
  {
    label: "NXDOMAIN is counted per source, not per name: random names share one budget",
    queries: Array.from({ length: 8 }, (_, i) => ({ qname: `nx${i}.example.test.`, n: 1 })),
    answered: 5,
    slipped: 1,
    dropped: 2,
  },
  {
    label: "errors (REFUSED) are counted per source",
    queries: Array.from({ length: 8 }, (_, i) => ({ qname: `x${i}.example.com.`, n: 1 })),
    answered: 5,
    slipped: 1,
    dropped: 2,
  },
  {
    label: "answers and NXDOMAIN have separate budgets",
    queries: [
      { qname: "www.example.test.", n: 5 },
      { qname: "nx.example.test.", n: 5 },
    ],
    answered: 10,
    slipped: 0,
    dropped: 0,
  },
  {
    label: "one /24 is one source: another host in it shares the budget",
    queries: [
      { qname: "www.example.test.", from: "198.51.100.1", n: 5 },
      { qname: "www.example.test.", from: "198.51.100.200", n: 2 },
    ],
    answered: 5,
    slipped: 1,
    dropped: 1,
  },
  {
    label: "another /24 has its own budget",
    queries: [
      { qname: "www.example.test.", from: "198.51.100.1", n: 5 },
      { qname: "www.example.test.", from: "198.51.101.1", n: 5 },
    ],
    answered: 10,
    slipped: 0,
    dropped: 0,
  },
  {
    label: "one IPv6 /56 is one source",
    queries: [
      { qname: "www.example.test.", from: "2001:db8:0:100::1", n: 5 },
      { qname: "www.example.test.", from: "2001:db8:0:1ff::2", n: 2 },
      { qname: "www.example.test.", from: "2001:db8:0:200::1", n: 1 },
    ],
    answered: 6,
    slipped: 1,
    dropped: 1,
  },
];

describe("rrl", () => {
  for (const row of rows) {
    it(row.label, () => {
      const limiter = new ResponseRateLimiter({ now: () => 1_000_000 });
      const chain = chainUnderTest({ settings: { rrl: { ...base, ...row.rrl } }, services: { rateLimiter: limiter } });
      const seen = { answered: 0, slipped: 0, dropped: 0 };
      for (const q of row.queries) {
        for (let i = 0; i < q.n; i++) {
          const { reply } = chain.exchange({ from: "203.0.113.7", rcode: "", flags: "", qname: "", ...q });
          if (reply === null) seen.dropped++;
          else if (reply[2]! & 0x02) {
            seen.slipped++;
            expect(reply.readUInt16BE(6) + reply.readUInt16BE(8), "a slip carries no records").toBe(0);
          } else seen.answered++;
        }
      }
      expect(seen).toEqual({ answered: row.answered, slipped: row.slipped, dropped: row.dropped });
      expect(limiter.stats.limited).toBe(row.rrl?.logOnly ? 7 : row.slipped + row.dropped);
    });
  }

  it("reports a source once when it starts being limited, with its prefix and kind", () => {
    const events: RrlEvent[] = [];
    const limiter = new ResponseRateLimiter({ now: () => 1_000_000, onLimit: (e) => events.push(e) });
    const chain = chainUnderTest({ settings: { rrl: base }, services: { rateLimiter: limiter } });
    for (let i = 0; i < 20; i++) chain.exchange({ qname: "www.example.test.", from: "198.51.100.77", rcode: "", flags: "" });
    for (let i = 0; i < 20; i++) chain.exchange({ qname: "nx.example.test.", from: "2001:db8:aa:bb01::5", rcode: "", flags: "" });
    expect(events).toEqual([
      { prefix: "198.51.100.0/24", kind: "answer", logOnly: false },
      { prefix: "2001:db8:aa:bb00::/56", kind: "nxdomain", logOnly: false },
    ]);
  });

  it("credit returns with time: a limited source is answered again once it slows down", () => {
    let now = 1_000_000;
    const chain = chainUnderTest({
      settings: { rrl: { ...base, slip: 0, windowSeconds: 1 } },
      services: { rateLimiter: new ResponseRateLimiter({ now: () => now }) },
    });
    const ask = () => chain.exchange({ qname: "www.example.test.", from: "203.0.113.7", rcode: "", flags: "" }).reply;
    for (let i = 0; i < 50; i++) ask(); // far over: the debt is floored at rate x window = 5
    expect(ask()).toBeNull();
    now += 1500; // 7.5 credits: the debt is paid
    expect(ask()![2]! & 0x02).toBe(0);
  });
});
