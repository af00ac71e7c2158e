import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../fixtures/random.js";
import { AddressPolicy, DEFAULT_SCHEDULE, type ScheduleConfig, type ScheduledProbe, Scheduler, type TargetSource } from "../src/index.js";

const policy = new AddressPolicy({ allow: ["192.0.2.0/24", "198.51.100.0/24", "2001:db8::/32"] });
const providers = [
  { name: "a", families: [4, 6] as const },
  { name: "b", families: [4] as const },
];
const target = (address: string, rate = 1, lastSeen = 0): TargetSource => ({
  address,
  family: address.includes(":") ? 6 : 4,
  rate,
  lastSeen,
});

function make(cfg: Partial<ScheduleConfig> = {}, now = 0) {
  const s = new Scheduler({ ...DEFAULT_SCHEDULE, ...cfg }, policy, now, seededRandom(7));
  s.setProviders(providers);
  return s;
}

/** Drives the scheduler on a fake clock in steps of `stepMs`, as the worker loop would. */
function run(s: Scheduler, fromMs: number, toMs: number, stepMs = 0.1): { at: number; probe: ScheduledProbe }[] {
  const sent: { at: number; probe: ScheduledProbe }[] = [];
  for (let now = fromMs; now < toMs; now += stepMs) {
    for (let guard = 0; guard < 1000; guard++) {
      const r = s.next(now);
      if ("waitMs" in r) break;
      sent.push({ at: now, probe: r });
    }
  }
  return sent;
}

describe("Scheduler", () => {
  it("respects the global budget and never bursts beyond `burst`", () => {
    const s = make({ budgetPerSec: 1000, burst: 3, minIntervalMs: 1 });
    s.updateTargets(
      Array.from({ length: 250 }, (_, i) => target(`192.0.2.${i}`, i)),
      0,
    );
    const sent = run(s, 0, 2000);
    expect(sent.length).toBeLessThanOrEqual(1000 * 2 + 3);
    expect(sent.length).toBeGreaterThan(1000 * 2 * 0.9); // pacing jitter must not starve the budget
    for (let i = 0; i + 3 < sent.length; i++) expect(sent[i + 3]!.at - sent[i]!.at).toBeGreaterThan(1); // 4 probes never within 1 ms
  });

  it("paces with jitter: gaps vary around 1/rate instead of a fixed tick", () => {
    const s = make({ budgetPerSec: 100, burst: 3, minIntervalMs: 1, pacingJitter: 0.5 });
    s.updateTargets(
      Array.from({ length: 50 }, (_, i) => target(`192.0.2.${i}`)),
      0,
    );
    const sent = run(s, 0, 5000, 0.05);
    const gaps = sent.slice(1).map((x, i) => x.at - sent[i]!.at);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    expect(mean).toBeGreaterThan(9);
    expect(mean).toBeLessThan(11.5);
    expect(Math.min(...gaps)).toBeLessThan(7);
    expect(Math.max(...gaps)).toBeGreaterThan(13);
  });

  it("never probes a settled source's path more often than the minimum interval; demand shortens intervals", () => {
    const s = make({ budgetPerSec: 10_000, burst: 10, minIntervalMs: 1000, lowDemandStretch: 4, intervalJitter: 0.1 });
    s.updateTargets(
      [
        { ...target("192.0.2.1", 100), settled: true },
        { ...target("192.0.2.2", 1), settled: true },
      ],
      0,
    );
    const sent = run(s, 0, 20_000, 1);
    const times = (addr: string, p: string) => sent.filter((x) => x.probe.address === addr && x.probe.provider === p).map((x) => x.at);
    for (const [addr, p] of [
      ["192.0.2.1", "a"],
      ["192.0.2.1", "b"],
      ["192.0.2.2", "a"],
    ] as const) {
      const t = times(addr, p);
      for (let i = 1; i < t.length; i++) expect(t[i]! - t[i - 1]!).toBeGreaterThanOrEqual(900); // interval ±10 %
    }
    expect(times("192.0.2.1", "a").length).toBeGreaterThan(times("192.0.2.2", "a").length * 2.5);
  });

  it("when over budget, serves high-demand and long-unprobed targets first", () => {
    const s = make({ budgetPerSec: 10, burst: 1, minIntervalMs: 100 });
    s.updateTargets([target("192.0.2.9", 1), target("192.0.2.8", 50), target("192.0.2.7", 1000)], 0);
    const first = run(s, 0, 600, 1)
      .slice(0, 2)
      .map((x) => x.probe.address);
    expect(first).toEqual(["192.0.2.7", "192.0.2.7"]);
  });

  it("applies the scope allow-list and exclusions, IPv6 by TCP only, and providers' families", () => {
    const strict = new AddressPolicy({ allow: ["192.0.2.0/24", "2001:db8::/32"], exclude: ["192.0.2.128/25"] });
    const s = new Scheduler({ ...DEFAULT_SCHEDULE, minIntervalMs: 1 }, strict, 0, seededRandom(1));
    s.setProviders(providers);
    const u = s.updateTargets([target("192.0.2.1"), target("192.0.2.200"), target("203.0.113.5"), target("2001:db8::5")], 0);
    expect(u).toEqual({ active: 2, agedOut: 0, refused: 2, subnets: 0 });
    const sent = run(s, 0, 1000, 1).map((x) => x.probe);
    expect(new Set(sent.map((p) => p.address))).toEqual(new Set(["192.0.2.1", "2001:db8::5"]));
    expect(sent.filter((p) => p.address === "2001:db8::5").every((p) => p.kind === "tcp" && p.provider === "a")).toBe(true);
  });

  it("skips ECS client subnets: no single address in them to probe", () => {
    const s = make({ minIntervalMs: 1 });
    const u = s.updateTargets(
      [
        { ...target("192.0.2.0"), prefixLength: 24 },
        { ...target("192.0.2.7"), prefixLength: 32 },
      ],
      0,
    );
    expect(u).toMatchObject({ active: 1, subnets: 1 });
    expect(new Set(run(s, 0, 100, 1).map((x) => x.probe.address))).toEqual(new Set(["192.0.2.7"]));
  });

  it("ages out sources that stopped asking", () => {
    const s = make({ ageOutMs: 60_000, minIntervalMs: 1 });
    const u = s.updateTargets([target("192.0.2.1", 1, 100_000), target("192.0.2.2", 1, 30_000)], 100_000);
    expect(u.agedOut).toBe(1);
    expect(new Set(run(s, 100_000, 101_000, 1).map((x) => x.probe.address))).toEqual(new Set(["192.0.2.1"]));
    s.updateTargets([], 200_000);
    expect(s.size).toBe(0);
    expect(s.next(200_000)).toEqual({ waitMs: 1000 });
  });

  it("falls back from ICMP to TCP after K ICMP losses when TCP answers, and back when TCP fails", () => {
    const s = make({ minIntervalMs: 1, fallbackAfterLosses: 3, budgetPerSec: 1000 });
    s.setProviders([{ name: "a", families: [4] }]);
    s.updateTargets([target("192.0.2.1")], 0);
    let icmpWorks = false;
    let tcpWorks = true;
    const kinds: string[] = [];
    let now = 0;
    while (kinds.length < 12 && now < 10_000) {
      const r = s.next(now);
      now += 2;
      if ("waitMs" in r) continue;
      kinds.push(r.kind);
      s.report(r, r.kind === "icmp" ? icmpWorks : tcpWorks);
      if (kinds.length === 6) {
        icmpWorks = true;
        tcpWorks = false;
      }
    }
    // 3 ICMP losses, TCP trial answers -> TCP; after the flip, 3 TCP losses, ICMP trial answers -> ICMP.
    expect(kinds).toEqual(["icmp", "icmp", "icmp", "tcp", "tcp", "tcp", "tcp", "tcp", "tcp", "icmp", "icmp", "icmp"]);
    expect(s.currentKind("192.0.2.1", "a")).toBe("icmp");
  });
});

describe("Scheduler: probes go where decisions are uncertain", () => {
  const probesOf = (sent: { probe: ScheduledProbe }[], addr: string) => sent.filter((x) => x.probe.address === addr).length;

  it("an unsettled source's paths are probed uncertainBoost times as often as a settled one's of the same demand", () => {
    const s = make({ budgetPerSec: 10_000, burst: 10, minIntervalMs: 900, uncertainBoost: 3, lowDemandStretch: 4 });
    s.updateTargets(
      [
        { ...target("192.0.2.1", 5), settled: true },
        { ...target("192.0.2.2", 5), settled: false },
        { ...target("192.0.2.3", 5), settled: false },
      ],
      0,
    );
    const sent = run(s, 0, 60_000, 1);
    const settled = probesOf(sent, "192.0.2.1");
    expect(probesOf(sent, "192.0.2.2") / settled).toBeGreaterThan(2.6);
    expect(probesOf(sent, "192.0.2.2") / settled).toBeLessThan(3.4);
    // Equal demand gets equal intervals (no stretch by rank).
    expect(Math.abs(probesOf(sent, "192.0.2.3") - probesOf(sent, "192.0.2.2"))).toBeLessThan(6);
  });

  it("within a budget that binds, the unsettled get the larger share and the total stays under the budget", () => {
    const s = make({ budgetPerSec: 50, burst: 2, minIntervalMs: 100, uncertainBoost: 3, lowDemandStretch: 1 });
    const targets = Array.from({ length: 20 }, (_, i) => ({ ...target(`192.0.2.${i + 1}`, 1), settled: i >= 10 }));
    s.updateTargets(targets, 0);
    const sent = run(s, 0, 20_000, 1);
    expect(sent.length).toBeLessThanOrEqual(50 * 20 + 2);
    const unsettled = sent.filter((x) => Number(x.probe.address.split(".")[3]) <= 10).length;
    expect(unsettled / (sent.length - unsettled)).toBeGreaterThan(2.5);
  });

  it("a surprising RTT buys surpriseProbes re-probes of that path right away, ahead of paths due", () => {
    const s = make({ budgetPerSec: 10_000, burst: 10, minIntervalMs: 10_000, surpriseProbes: 3, surpriseGapMs: 100 });
    s.setProviders([{ name: "a", families: [4] }]);
    s.updateTargets(
      [
        { ...target("192.0.2.1"), settled: true },
        { ...target("192.0.2.2"), settled: true },
      ],
      0,
    );
    const feed = (fromMs: number, toMs: number, rttUs: (addr: string) => number) => {
      const out: { at: number; probe: ScheduledProbe }[] = [];
      for (let now = fromMs; now < toMs; now += 1) {
        for (let r = s.next(now); !("waitMs" in r); r = s.next(now)) {
          out.push({ at: now, probe: r });
          s.report(r, true, rttUs(r.address), now);
        }
      }
      return out;
    };
    feed(0, 60_000, () => 20_000);
    const after = feed(60_000, 61_000, () => 20_000);
    expect(after).toEqual([]); // nothing due inside this second
    const next = feed(61_000, 72_000, (addr) => (addr === "192.0.2.1" ? 27_000 : 20_000));
    const first = next.findIndex((x) => x.probe.address === "192.0.2.1");
    const burst = next.slice(first + 1, first + 4);
    expect(burst.map((x) => x.probe.address)).toEqual(["192.0.2.1", "192.0.2.1", "192.0.2.1"]);
    expect(burst.map((x) => x.at - next[first]!.at)).toEqual([100, 200, 300]);
    // The re-probes' results (still 27 ms) start no new burst: back to one probe per cycle.
    expect(next.filter((x) => x.probe.address === "192.0.2.1")).toHaveLength(4);
  });

  it("a loss after replies buys re-probes too (a dead link is known in one timeout, not a cycle)", () => {
    const s = make({ budgetPerSec: 10_000, burst: 10, minIntervalMs: 10_000, surpriseProbes: 3, surpriseGapMs: 100 });
    s.setProviders([{ name: "a", families: [4] }]);
    s.updateTargets([{ ...target("192.0.2.1"), settled: true }], 0);
    const sent: number[] = [];
    for (let now = 0; now < 40_000; now += 1) {
      for (let r = s.next(now); !("waitMs" in r); r = s.next(now)) {
        sent.push(now);
        s.report(r, now < 25_000, now < 25_000 ? 20_000 : undefined, now);
      }
    }
    const lost = sent.filter((t) => t >= 25_000);
    expect(lost.slice(0, 4).map((t) => t - lost[0]!)).toEqual([0, 100, 200, 300]);
  });
});
